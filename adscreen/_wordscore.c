/*
 * adscreen._wordscore: the classifier's word features and their weighted sum, in one pass.
 *
 * The pure-Python reference is adscreen.features.text_features() plus the sum in
 * adscreen.classify._decision(): the distinct words (runs of two or more letters, as the
 * regex [^\W\d_]{2,} finds them) and distinct adjacent word pairs ("azad visa") of a
 * lower-cased ad, each looked up in the model's weights. Building ~700 Python strings and a
 * set per long ad only to look them up cost more than all the red-flag rules together; here
 * no string object is made. Tests compare this module with the reference on every kind of
 * text; adscreen falls back to the reference when this module was not compiled.
 *
 * WordTable(weights: dict[str, float]) holds the model's vocabulary:
 *   - every word that occurs in a unigram or bigram key gets an id (its weight as a unigram,
 *     if any, is kept with it);
 *   - every bigram key "a b" is a pair of word ids with its weight.
 * Keys that are neither one word nor two words joined by one space can never equal a feature
 * (features are made of letters and single spaces only) and are left out.
 *
 * WordTable.score(lowered) -> (sum of weights of the ad's distinct features, number of
 * distinct features). The sum runs in first-occurrence order, so it is deterministic; the
 * reference sums in set order, which differs in the last bits of a double. It returns None
 * for text that would make its hash tables probe far more than normal text does (text built
 * to collide): the caller then uses the reference, whose hashing is randomised.
 *
 * WordTable.matched(lowered, min_terms, cutoff, top) -> the same pair plus a list of
 * (-|weight|, feature, weight) (sorted, strongest first, ties by the feature) for the ad's
 * known features strong enough to matter: |weight| / sqrt(max(n, min_terms)) at least
 * cutoff, and among the `top` strongest or tied with the last of them. These are the words
 * a high score can name as its reasons; only they become strings. The reference is the
 * same selection from text_features() (classify.AdClassifier.contributions).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* What [^\W\d_] matches in a str pattern: sre's \w is Py_UNICODE_ISALNUM or '_', its \d is
 * Py_UNICODE_ISDECIMAL. */
static inline int
is_letter(Py_UCS4 ch)
{
    if (ch < 128) {
        return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
    }
    return Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch);
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static inline uint64_t
fnv_step(uint64_t h, Py_UCS4 ch)
{
    return (h ^ (uint64_t)ch) * FNV_PRIME;
}

/* Spread the bits of a hash before masking: FNV's low bits are weak for short keys. */
static inline uint64_t
mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static size_t
capacity_for(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n) {
        cap <<= 1;
    }
    return cap;
}

typedef struct {
    uint64_t hash;
    Py_ssize_t offset; /* into arena */
    Py_ssize_t length;
    double unigram; /* weight as a unigram; 0 for words only seen in pairs */
} Word;

typedef struct {
    uint64_t key; /* (id1 + 1) << 32 | (id2 + 1); 0 marks an empty slot */
    double weight;
} Pair;

typedef struct {
    PyObject_HEAD
    Py_UCS4 *arena;
    Py_ssize_t arena_len, arena_cap;
    Word *words;
    Py_ssize_t n_words, words_cap;
    int32_t *word_slots; /* -1 empty, else index into words */
    size_t word_mask;
    Pair *pairs;
    size_t pair_mask;
    Py_ssize_t n_pairs;
} WordTable;

static void
table_free_buffers(WordTable *t)
{
    PyMem_Free(t->arena);
    PyMem_Free(t->words);
    PyMem_Free(t->word_slots);
    PyMem_Free(t->pairs);
    t->arena = NULL;
    t->words = NULL;
    t->word_slots = NULL;
    t->pairs = NULL;
}

static void
table_dealloc(WordTable *t)
{
    table_free_buffers(t);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

/* Id of the word of `length` code points at `start` in (kind, data), -1 when unknown. */
static Py_ssize_t
find_word(const WordTable *t, uint64_t hash, int kind, const void *data, Py_ssize_t start,
          Py_ssize_t length)
{
    size_t slot = (size_t)mix(hash) & t->word_mask;
    for (;;) {
        int32_t id = t->word_slots[slot];
        if (id < 0) {
            return -1;
        }
        const Word *w = &t->words[id];
        if (w->hash == hash && w->length == length) {
            const Py_UCS4 *chars = t->arena + w->offset;
            Py_ssize_t i = 0;
            while (i < length && chars[i] == PyUnicode_READ(kind, data, start + i)) {
                i++;
            }
            if (i == length) {
                return id;
            }
        }
        slot = (slot + 1) & t->word_mask;
    }
}

static uint64_t
hash_span(int kind, const void *data, Py_ssize_t start, Py_ssize_t length)
{
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < length; i++) {
        h = fnv_step(h, PyUnicode_READ(kind, data, start + i));
    }
    return h;
}

/* Id of a vocabulary word, added if new; -1 with an exception set on failure. */
static Py_ssize_t
intern_word(WordTable *t, int kind, const void *data, Py_ssize_t start, Py_ssize_t length)
{
    uint64_t hash = hash_span(kind, data, start, length);
    Py_ssize_t id = find_word(t, hash, kind, data, start, length);
    if (id >= 0) {
        return id;
    }
    if (t->n_words >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "too many words in the model");
        return -1;
    }
    if (t->arena_len + length > t->arena_cap) {
        Py_ssize_t cap = t->arena_cap * 2 + length;
        Py_UCS4 *arena = PyMem_Realloc(t->arena, (size_t)cap * sizeof(Py_UCS4));
        if (arena == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        t->arena = arena;
        t->arena_cap = cap;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        t->arena[t->arena_len + i] = PyUnicode_READ(kind, data, start + i);
    }
    id = t->n_words++;
    t->words[id] = (Word){hash, t->arena_len, length, 0.0};
    t->arena_len += length;
    size_t slot = (size_t)mix(hash) & t->word_mask;
    while (t->word_slots[slot] >= 0) {
        slot = (slot + 1) & t->word_mask;
    }
    t->word_slots[slot] = (int32_t)id;
    return id;
}

/* The slot of `key`, or the empty slot where it would go; adds the slots looked at to
 * *probes. */
static Pair *
pair_slot(Pair *pairs, size_t mask, uint64_t key, size_t *probes)
{
    size_t slot = (size_t)mix(key) & mask;
    while (pairs[slot].key != 0 && pairs[slot].key != key) {
        slot = (slot + 1) & mask;
        (*probes)++;
    }
    return &pairs[slot];
}

static int
table_init(WordTable *t, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"weights", NULL};
    PyObject *weights;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!:WordTable", kwlist, &PyDict_Type,
                                     &weights)) {
        return -1;
    }
    table_free_buffers(t);
    t->arena_len = t->n_words = t->n_pairs = 0;
    Py_ssize_t n = PyDict_GET_SIZE(weights);
    /* At most two new words per key. */
    t->words_cap = 2 * n + 1;
    size_t word_cap = capacity_for((size_t)t->words_cap);
    size_t pair_cap = capacity_for((size_t)n + 1);
    t->arena_cap = 16 * n + 16;
    t->arena = PyMem_Malloc((size_t)t->arena_cap * sizeof(Py_UCS4));
    t->words = PyMem_Malloc((size_t)t->words_cap * sizeof(Word));
    t->word_slots = PyMem_Malloc(word_cap * sizeof(int32_t));
    t->pairs = PyMem_Calloc(pair_cap, sizeof(Pair));
    if (!t->arena || !t->words || !t->word_slots || !t->pairs) {
        table_free_buffers(t);
        PyErr_NoMemory();
        return -1;
    }
    memset(t->word_slots, 0xff, word_cap * sizeof(int32_t));
    t->word_mask = word_cap - 1;
    t->pair_mask = pair_cap - 1;

    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(weights, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "weights keys must be str, not %.100s",
                         Py_TYPE(key)->tp_name);
            return -1;
        }
        /* Only numbers, read without running Python code: a __float__ (an arbitrary object's,
         * or an int subclass's, which PyFloat_AsDouble would call) could change the dict
         * mid-walk and free the borrowed key. */
        if (!PyFloat_Check(value) && !PyLong_Check(value)) {
            PyErr_Format(PyExc_TypeError, "weight of %R must be a number, not %.100s", key,
                         Py_TYPE(value)->tp_name);
            return -1;
        }
        double weight =
            PyFloat_Check(value) ? PyFloat_AS_DOUBLE(value) : PyLong_AsDouble(value);
        if (weight == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        Py_ssize_t length = PyUnicode_GET_LENGTH(key);
        Py_ssize_t space = -1, spaces = 0;
        for (Py_ssize_t i = 0; i < length; i++) {
            if (PyUnicode_READ(kind, data, i) == ' ') {
                space = i;
                spaces++;
            }
        }
        if (length == 0 || spaces > 1 || space == 0 || space == length - 1) {
            continue; /* never a feature */
        }
        if (spaces == 0) {
            Py_ssize_t id = intern_word(t, kind, data, 0, length);
            if (id < 0) {
                return -1;
            }
            t->words[id].unigram = weight;
            continue;
        }
        Py_ssize_t first = intern_word(t, kind, data, 0, space);
        if (first < 0) {
            return -1;
        }
        Py_ssize_t second = intern_word(t, kind, data, space + 1, length - space - 1);
        if (second < 0) {
            return -1;
        }
        uint64_t pair_key = ((uint64_t)(first + 1) << 32) | (uint64_t)(second + 1);
        size_t probes = 0;
        Pair *p = pair_slot(t->pairs, t->pair_mask, pair_key, &probes);
        if (p->key == 0) {
            t->n_pairs++;
        }
        p->key = pair_key;
        p->weight = weight;
    }
    return 0;
}

/* One word of the ad being scored. */
typedef struct {
    Py_ssize_t start, length;
    uint64_t hash;
    int32_t local; /* index of its first occurrence among distinct words */
    int32_t id;    /* vocabulary id, -1 when the model does not know it */
} AdWord;

/* A feature of the ad that the model knows, with a non-zero weight: a word (len2 == 0) or a
 * pair of words, by their spans in the ad. Collected only for matched(). */
typedef struct {
    Py_ssize_t start1, len1, start2, len2;
    double weight;
} Hit;

typedef struct {
    Hit *items;
    Py_ssize_t n, cap;
} Hits;

static int
hits_add(Hits *h, Hit hit)
{
    if (h->n == h->cap) {
        Py_ssize_t cap = h->cap ? 2 * h->cap : 64;
        Hit *items = PyMem_Realloc(h->items, (size_t)cap * sizeof(Hit));
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        h->items = items;
        h->cap = cap;
    }
    h->items[h->n++] = hit;
    return 0;
}

/* The one pass behind score() and matched(): the sum of the weights of the ad's distinct
 * features and their number, and (with `hits`) the known features with a non-zero weight.
 * Returns 1, 0 when over the probe budget, -1 with an exception set. */
static int
scan(WordTable *t, PyObject *lowered, Py_ssize_t max_probes, double *total_out,
     Py_ssize_t *distinct_out, Hits *hits)
{
    if (!PyUnicode_Check(lowered)) {
        PyErr_Format(PyExc_TypeError, "needs a str, not %.100s", Py_TYPE(lowered)->tp_name);
        return -1;
    }
    if (t->words == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "WordTable was not initialised");
        return -1;
    }
    int kind = PyUnicode_KIND(lowered);
    const void *data = PyUnicode_DATA(lowered);
    Py_ssize_t length = PyUnicode_GET_LENGTH(lowered);
    /* A word takes two characters and ends at a non-letter or the end. */
    Py_ssize_t max_words = length / 3 + 1;
    if (max_words >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long to score");
        return -1;
    }
    AdWord *words = PyMem_Malloc((size_t)max_words * sizeof(AdWord));
    if (words == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < length;) {
        if (!is_letter(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        uint64_t h = FNV_OFFSET;
        do {
            h = fnv_step(h, PyUnicode_READ(kind, data, i));
            i++;
        } while (i < length && is_letter(PyUnicode_READ(kind, data, i)));
        if (i - start >= 2) {
            words[n++] = (AdWord){start, i - start, h, 0, -1};
        }
    }

    double total = 0.0;
    Py_ssize_t distinct = 0;
    int result = 1;
    /* The word hash is not keyed, so text made to collide could make the local tables
     * quadratic. Normal text probes about once per word; past this budget the caller's
     * Python path (randomised hashing) scores the ad instead. */
    size_t probes = 0;
    size_t budget = max_probes >= 0 ? (size_t)max_probes : 64 * (size_t)n + 4096;
    size_t cap = capacity_for((size_t)n + 1);
    size_t mask = cap - 1;
    /* Local tables: distinct words (slot -> first occurrence + 1) and distinct pairs. */
    int32_t *seen = PyMem_Calloc(cap, sizeof(int32_t));
    Pair *pairs = PyMem_Calloc(cap, sizeof(Pair));
    if (seen == NULL || pairs == NULL) {
        PyErr_NoMemory();
        result = -1;
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        AdWord *w = &words[k];
        size_t slot = (size_t)mix(w->hash) & mask;
        int32_t first;
        for (;;) {
            first = seen[slot] - 1;
            if (first < 0) {
                break;
            }
            const AdWord *o = &words[first];
            if (o->hash == w->hash && o->length == w->length &&
                memcmp((const char *)data + o->start * kind,
                       (const char *)data + w->start * kind, (size_t)(w->length * kind)) == 0) {
                break;
            }
            slot = (slot + 1) & mask;
            if (++probes > budget) {
                result = 0;
                goto done;
            }
        }
        if (first >= 0) {
            w->local = first;
            w->id = words[first].id;
            continue;
        }
        seen[slot] = (int32_t)k + 1;
        w->local = (int32_t)k;
        distinct++;
        Py_ssize_t id = find_word(t, w->hash, kind, data, w->start, w->length);
        w->id = (int32_t)id;
        if (id >= 0) {
            double weight = t->words[id].unigram;
            total += weight;
            if (hits != NULL && weight != 0.0 &&
                hits_add(hits, (Hit){w->start, w->length, 0, 0, weight}) < 0) {
                result = -1;
                goto done;
            }
        }
    }
    for (Py_ssize_t k = 0; k + 1 < n; k++) {
        uint64_t local_key =
            ((uint64_t)(words[k].local + 1) << 32) | (uint64_t)(words[k + 1].local + 1);
        Pair *p = pair_slot(pairs, mask, local_key, &probes);
        if (probes > budget) {
            result = 0;
            goto done;
        }
        if (p->key != 0) {
            continue; /* this pair of words was seen before */
        }
        p->key = local_key;
        distinct++;
        if (words[k].id >= 0 && words[k + 1].id >= 0) {
            uint64_t key = ((uint64_t)(words[k].id + 1) << 32) | (uint64_t)(words[k + 1].id + 1);
            size_t model_probes = 0; /* the model's table is trusted data: no budget */
            const Pair *known = pair_slot(t->pairs, t->pair_mask, key, &model_probes);
            if (known->key == key) {
                total += known->weight;
                if (hits != NULL && known->weight != 0.0 &&
                    hits_add(hits, (Hit){words[k].start, words[k].length, words[k + 1].start,
                                         words[k + 1].length, known->weight}) < 0) {
                    result = -1;
                    goto done;
                }
            }
        }
    }
    *total_out = total;
    *distinct_out = distinct;
done:
    PyMem_Free(words);
    PyMem_Free(seen);
    PyMem_Free(pairs);
    return result;
}

static int
read_budget(PyObject *arg, Py_ssize_t *max_probes)
{
    *max_probes = PyLong_AsSsize_t(arg);
    return *max_probes == -1 && PyErr_Occurred() ? -1 : 0;
}

static PyObject *
table_score(WordTable *t, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "score(lowered[, max_probes]) takes 1 or 2 arguments");
        return NULL;
    }
    Py_ssize_t max_probes = -1; /* tests set a small budget to reach the fallback */
    if (nargs == 2 && read_budget(args[1], &max_probes) < 0) {
        return NULL;
    }
    double total;
    Py_ssize_t distinct;
    int found = scan(t, args[0], max_probes, &total, &distinct, NULL);
    if (found < 0) {
        return NULL;
    }
    if (found == 0) {
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(dn)", total, distinct);
}

/* The feature a hit stands for, as text_features() spells it ("azad visa"). Built in place:
 * the string gets the narrowest kind its characters need, as every str must. */
static PyObject *
hit_term(int kind, const void *data, const Hit *hit)
{
    Py_UCS4 maxchar = hit->len2 ? ' ' : 0;
    for (Py_ssize_t i = 0; i < hit->len1; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, hit->start1 + i);
        maxchar = ch > maxchar ? ch : maxchar;
    }
    for (Py_ssize_t i = 0; i < hit->len2; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, hit->start2 + i);
        maxchar = ch > maxchar ? ch : maxchar;
    }
    Py_ssize_t length = hit->len1 + (hit->len2 ? 1 + hit->len2 : 0);
    PyObject *term = PyUnicode_New(length, maxchar);
    if (term == NULL) {
        return NULL;
    }
    int out_kind = PyUnicode_KIND(term);
    void *out = PyUnicode_DATA(term);
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < hit->len1; i++) {
        PyUnicode_WRITE(out_kind, out, j++, PyUnicode_READ(kind, data, hit->start1 + i));
    }
    if (hit->len2) {
        PyUnicode_WRITE(out_kind, out, j++, ' ');
        for (Py_ssize_t i = 0; i < hit->len2; i++) {
            PyUnicode_WRITE(out_kind, out, j++, PyUnicode_READ(kind, data, hit->start2 + i));
        }
    }
    return term;
}

/* The k-th largest (k >= 1, k <= n) of values[0..n), which it reorders (quickselect). */
static double
kth_largest(double *values, Py_ssize_t n, Py_ssize_t k)
{
    Py_ssize_t lo = 0, hi = n - 1, target = k - 1;
    while (lo < hi) {
        double pivot = values[lo + (hi - lo) / 2];
        Py_ssize_t i = lo, j = hi;
        while (i <= j) {
            while (values[i] > pivot) {
                i++;
            }
            while (values[j] < pivot) {
                j--;
            }
            if (i <= j) {
                double swap = values[i];
                values[i++] = values[j];
                values[j--] = swap;
            }
        }
        if (target <= j) {
            hi = j;
        }
        else if (target >= i) {
            lo = i;
        }
        else {
            return values[target];
        }
    }
    return values[target];
}

static PyObject *
table_matched(WordTable *t, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 4 || nargs > 5) {
        PyErr_SetString(PyExc_TypeError, "matched(lowered, min_terms, cutoff, top[, max_probes]) "
                                         "takes 4 or 5 arguments");
        return NULL;
    }
    Py_ssize_t top = PyLong_AsSsize_t(args[3]);
    if (top == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t min_terms = PyLong_AsSsize_t(args[1]);
    if (min_terms == -1 && PyErr_Occurred()) {
        return NULL;
    }
    double cutoff = PyFloat_AsDouble(args[2]);
    if (cutoff == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t max_probes = -1;
    if (nargs == 5 && read_budget(args[4], &max_probes) < 0) {
        return NULL;
    }
    double total;
    Py_ssize_t distinct;
    Hits hits = {NULL, 0, 0};
    int found = scan(t, args[0], max_probes, &total, &distinct, &hits);
    if (found <= 0) {
        PyMem_Free(hits.items);
        if (found < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    /* The value of each present feature, as classify._scale computes it. */
    Py_ssize_t denominator = distinct > min_terms ? distinct : min_terms;
    double scale = distinct ? 1.0 / sqrt((double)denominator) : 0.0;
    /* Only the `top` strongest can be named, and the ones tied with the last of them (the
     * caller breaks ties by the feature's text): no string for the others. */
    double weakest = 0.0;
    if (top == 0) {
        weakest = INFINITY;
    }
    else if (top > 0 && hits.n > top) {
        double *strengths = PyMem_Malloc((size_t)hits.n * sizeof(double));
        if (strengths == NULL) {
            PyMem_Free(hits.items);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t k = 0; k < hits.n; k++) {
            strengths[k] = fabs(hits.items[k].weight);
        }
        weakest = kth_largest(strengths, hits.n, top);
        PyMem_Free(strengths);
    }
    PyObject *list = PyList_New(0);
    for (Py_ssize_t k = 0; list != NULL && k < hits.n; k++) {
        const Hit *hit = &hits.items[k];
        if (fabs(hit->weight) * scale < cutoff || fabs(hit->weight) < weakest) {
            continue;
        }
        PyObject *term = hit_term(PyUnicode_KIND(args[0]), PyUnicode_DATA(args[0]), hit);
        PyObject *strength = term == NULL ? NULL : PyFloat_FromDouble(-fabs(hit->weight));
        PyObject *weight = strength == NULL ? NULL : PyFloat_FromDouble(hit->weight);
        PyObject *pair = weight == NULL ? NULL : PyTuple_New(3);
        if (pair == NULL) {
            Py_XDECREF(term);
            Py_XDECREF(strength);
            Py_XDECREF(weight);
            Py_CLEAR(list);
            break;
        }
        PyTuple_SET_ITEM(pair, 0, strength);
        PyTuple_SET_ITEM(pair, 1, term);
        PyTuple_SET_ITEM(pair, 2, weight);
        if (PyList_Append(list, pair) < 0) {
            Py_CLEAR(list);
        }
        Py_DECREF(pair);
    }
    PyMem_Free(hits.items);
    if (list == NULL) {
        return NULL;
    }
    return Py_BuildValue("(dnN)", total, distinct, list);
}

static PyObject *
table_sizes(WordTable *t, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("(nn)", t->n_words, t->n_pairs);
}

static PyMethodDef table_methods[] = {
    {"score", (PyCFunction)(void (*)(void))table_score, METH_FASTCALL,
     "score(lowered[, max_probes]) -> (sum of the weights of the distinct features, number "
     "of distinct features), or None when the text needs more hash-table probes than the "
     "budget (then score it in Python)"},
    {"matched", (PyCFunction)(void (*)(void))table_matched, METH_FASTCALL,
     "matched(lowered, min_terms, cutoff, top[, max_probes]) -> (as score(), plus a list of "
     "(-abs(weight), feature, weight) for the ad's distinct features the model weighs whose "
     "|weight| / sqrt(max(n, min_terms)) is at least cutoff and that are among the `top` "
     "strongest or tied with the last of those; top < 0 keeps all), or None over the probe "
     "budget. What screening needs to name the words behind a score without building "
     "every feature"},
    {"sizes", (PyCFunction)table_sizes, METH_NOARGS,
     "sizes() -> (vocabulary words, word pairs with a weight)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WordTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "adscreen._wordscore.WordTable",
    .tp_doc = PyDoc_STR("WordTable(weights): a model's word and word-pair weights, for score()."),
    .tp_basicsize = sizeof(WordTable),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)table_init,
    .tp_dealloc = (destructor)table_dealloc,
    .tp_methods = table_methods,
};

static struct PyModuleDef wordscore_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "adscreen._wordscore",
    .m_doc = "Word features of an ad and their weighted sum, without building Python strings.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__wordscore(void)
{
    if (PyType_Ready(&WordTableType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&wordscore_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "WordTable", (PyObject *)&WordTableType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
