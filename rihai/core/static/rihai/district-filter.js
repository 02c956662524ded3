/* Districts follow the chosen province at once. Without this script the form still works:
   the server offers only the chosen province's districts once the form comes back. */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-filter-by]").forEach((district) => {
    const province = document.querySelector(`select[name="${district.dataset.filterBy}"]`);
    if (!province) return;
    const apply = () => {
      const chosen = province.selectedOptions[0];
      const label = chosen && chosen.value ? chosen.textContent.trim() : "";
      district.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = label !== "" && group.label !== label;
        group.disabled = group.hidden;
      });
      const selected = district.selectedOptions[0];
      if (selected && selected.parentElement.disabled) district.value = "";
    };
    province.addEventListener("change", apply);
    apply();
  });
});
