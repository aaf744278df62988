/* ELF64 symbol tables, read once per module. Every offset from the file is
 * bounds-checked: a module on disk may differ from what was mapped. */
#include "elfsym.h"
#include "read_input.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

typedef struct sym {
    uint64_t value, size;
    uint32_t name;              /* into cfv_elfsym.names */
} sym;

struct cfv_elfsym {
    sym *syms;
    size_t n;
    char *names;
    size_t names_len;
    uint64_t bias;              /* vaddr of the offset-0 mapping */
};

static int in_file(size_t len, uint64_t off, uint64_t n) { return off <= len && n <= len - off; }

static const Elf64_Shdr *section(const unsigned char *b, size_t len, const Elf64_Ehdr *h,
                                 uint32_t type)
{
    if (h->e_shentsize != sizeof(Elf64_Shdr) ||
        !in_file(len, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr)))
        return NULL;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(const void *)(b + h->e_shoff);
    for (uint32_t i = 0; i < h->e_shnum; i++)
        if (sh[i].sh_type == type && sh[i].sh_link < h->e_shnum)
            return &sh[i];
    return NULL;
}

static uint64_t load_bias(const unsigned char *b, size_t len, const Elf64_Ehdr *h)
{
    if (h->e_phentsize != sizeof(Elf64_Phdr) ||
        !in_file(len, h->e_phoff, (uint64_t)h->e_phnum * sizeof(Elf64_Phdr)))
        return 0;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(const void *)(b + h->e_phoff);
    for (uint32_t i = 0; i < h->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD)
            return ph[i].p_vaddr - ph[i].p_offset;
    return 0;
}

static int by_value(const void *a, const void *b)
{
    const sym *x = a, *y = b;
    return x->value < y->value ? -1 : x->value > y->value;
}

static int take_symbols(cfv_elfsym *e, const unsigned char *b, size_t len, const Elf64_Ehdr *h,
                        const Elf64_Shdr *st)
{
    const Elf64_Shdr *str = (const Elf64_Shdr *)(const void *)(b + h->e_shoff) + st->sh_link;
    if (st->sh_entsize != sizeof(Elf64_Sym) || !in_file(len, st->sh_offset, st->sh_size) ||
        !in_file(len, str->sh_offset, str->sh_size) || str->sh_size == 0)
        return -1;
    size_t count = st->sh_size / sizeof(Elf64_Sym);
    const Elf64_Sym *s = (const Elf64_Sym *)(const void *)(b + st->sh_offset);
    e->syms = calloc(count ? count : 1, sizeof *e->syms);
    e->names = malloc(str->sh_size + 1);
    if (!e->syms || !e->names)
        return -1;
    memcpy(e->names, b + str->sh_offset, str->sh_size);
    e->names[str->sh_size] = '\0';
    e->names_len = str->sh_size;
    for (size_t i = 0; i < count; i++) {
        int type = ELF64_ST_TYPE(s[i].st_info);
        if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s[i].st_shndx == SHN_UNDEF ||
            s[i].st_value == 0 || s[i].st_name >= str->sh_size)
            continue;
        e->syms[e->n++] = (sym){s[i].st_value, s[i].st_size, s[i].st_name};
    }
    qsort(e->syms, e->n, sizeof *e->syms, by_value);
    return 0;
}

cfv_elfsym *cfv_elfsym_open(const char *path)
{
    cfv_input in;
    cfv_err err;
    if (cfv_read_any(path, (size_t)1 << 31, CFV_READ_STREAMS | CFV_READ_PREFIX, &in, &err) != 0)
        return NULL;
    unsigned char *b = in.data;
    size_t len = in.len;
    cfv_elfsym *e = calloc(1, sizeof *e);
    const Elf64_Ehdr *h = (const Elf64_Ehdr *)(const void *)b;
    int ok = e && len >= sizeof *h && memcmp(h->e_ident, ELFMAG, SELFMAG) == 0 &&
             h->e_ident[EI_CLASS] == ELFCLASS64;
    if (ok) {
        const Elf64_Shdr *st = section(b, len, h, SHT_SYMTAB);
        if (!st)
            st = section(b, len, h, SHT_DYNSYM);
        e->bias = load_bias(b, len, h);
        ok = st && take_symbols(e, b, len, h, st) == 0;
    }
    free(b);
    if (!ok) {
        cfv_elfsym_free(e);
        return NULL;
    }
    return e;
}

void cfv_elfsym_free(cfv_elfsym *e)
{
    if (!e)
        return;
    free(e->syms);
    free(e->names);
    free(e);
}

int cfv_elfsym_lookup(const cfv_elfsym *e, uint64_t module_off, const char **name, uint64_t *off)
{
    uint64_t va = module_off + e->bias;
    size_t lo = 0, hi = e->n;
    while (lo < hi) { /* the first symbol above va */
        size_t mid = lo + (hi - lo) / 2;
        if (e->syms[mid].value <= va)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    /* Aliases share a value: any that covers va, preferring a public name
     * (memcmp over __memcmp). A size-0 symbol covers up to the next one. */
    uint64_t v = e->syms[lo - 1].value;
    const sym *best = NULL;
    for (size_t i = lo; i-- > 0 && e->syms[i].value == v;) {
        const sym *s = &e->syms[i];
        if (s->size && va >= v + s->size)
            continue;
        if (!best || (e->names[best->name] == '_' && e->names[s->name] != '_'))
            best = s;
    }
    if (!best)
        return -1;
    *name = e->names + best->name;
    *off = va - v;
    return 0;
}
