#include "num.h"

#include <string.h>

static int parse_digits(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    if (n == 0)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (d > max || v > (max - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int cfv_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    return parse_digits(s, strlen(s), max, out);
}

int cfv_parse_size(const char *s, uint64_t max, uint64_t *out)
{
    size_t n = strlen(s);
    unsigned shift = 0;
    /* "64MiB" as configuration files write it: the same as "64M". */
    if (n > 3 && (strcmp(s + n - 2, "iB") == 0))
        n -= 2;
    else if (n > 2 && (s[n - 1] == 'B' || s[n - 1] == 'b') &&
             strchr("KkMmGg", s[n - 2]))
        n -= 1;
    if (n > 0) {
        switch (s[n - 1]) {
        case 'K': case 'k': shift = 10; break;
        case 'M': case 'm': shift = 20; break;
        case 'G': case 'g': shift = 30; break;
        default: break;
        }
    }
    if (shift)
        n--;
    else if (n != strlen(s))
        return -1;      /* "64iB", "12B" */
    uint64_t v;
    if (parse_digits(s, n, max >> shift, &v) != 0)
        return -1;
    *out = v << shift;
    return 0;
}
