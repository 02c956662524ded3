/* Every list becomes labelled cards on a phone (rihai.css, below 48rem): each cell is given its
   column's heading as data-label. Without this script a table scrolls inside itself instead. */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("main table").forEach((table) => {
    if (table.classList.contains("cards-on-phone") || table.classList.contains("no-cards")) return;
    const headings = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (!headings.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, index) => {
        if (cell.colSpan === 1 && headings[index] && !cell.dataset.label) cell.dataset.label = headings[index];
      });
    });
    table.classList.add("cards-on-phone");
  });
});
