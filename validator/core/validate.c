/* cfv_validate: sets up the generated validator's context and runs it. */
#include "cfv_rt.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* C-<8 digits>-<8 digits>-<8 digits>.sys, as the sensor names channel files;
 * letters compared case-insensitively (Windows file names). */
static void parse_channel_file_name(cfv_gctx *g, const char *name, size_t len)
{
    uint64_t parts[3] = { 0, 0, 0 };
    g->name_ok = 0;
    if (!name || len != 2 + 3 * 9 - 1 + 4)
        return;
    if (lower(name[0]) != 'c' || name[1] != '-')
        return;
    /* Indexes computed from the loop counters, never carried: at most 33. */
    for (size_t part = 0; part < 3; part++) {
        for (size_t k = 0; k < 8; k++) {
            char c = name[2 + 9 * part + k];
            if (!is_digit(c))
                return;
            parts[part] = parts[part] * 10 + (uint64_t)(c - '0');
        }
        if (part < 2 && name[2 + 9 * part + 8] != '-')
            return;
    }
    if (name[28] != '.' || lower(name[29]) != 's' || lower(name[30]) != 'y' || lower(name[31]) != 's')
        return;
    g->name_ok = 1;
    g->name_channel = parts[0];
    g->name_version = parts[2];
}

cfv_result cfv_validate(const uint8_t *buf, size_t len, const cfv_options *opt)
{
    cfv_gctx g = { 0 };
    static const uint8_t empty[1] = { 0 };
    g.buf = buf ? buf : empty;
    g.len = buf ? len : 0;
    g.opt = opt;
    g.defs = opt->defs;
    g.real_size = opt->real_size;
    if (g.real_size < g.len)
        g.real_size = g.len;
    g.max_size = opt->max_size ? opt->max_size : CFV_DEFAULT_MAX_SIZE;
    g.now = opt->now_utc;
    g.max_diag = opt->want ? UINT32_MAX
               : opt->max_diagnostics ? opt->max_diagnostics : CFV_DEFAULT_MAX_DIAGNOSTICS;
    g.sensor = -1;
    g.sensors = opt->sensors;
    if (g.defs->nsensors < 32)
        g.sensors &= (1u << g.defs->nsensors) - 1u;
    for (uint32_t s = 0; s < g.defs->nsensors && s < CFV_MAX_SENSORS; s++)
        if (g.sensors >> s & 1u && g.nsel < CFV_MAX_SENSORS) /* nsel <= s: always true */
            g.sel[g.nsel++] = (uint8_t)s;
    parse_channel_file_name(&g, opt->file_name, opt->file_name_len);
    /* Only a file over max_size may come with fewer bytes than its size
     * (CFV013 stops before any read); otherwise the buffer is the file. */
    if (g.len < g.real_size && g.real_size <= g.max_size)
        g.real_size = g.len;
    cff_entry(&g);
    return g.res;
}
