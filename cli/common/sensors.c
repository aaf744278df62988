#include "sensors.h"

#include <string.h>

#include "buf.h"

static void unknown_sensor(const cfv_defs *defs, const char *name, cfv_err *e)
{
    cfv_buf known = {0};
    for (uint32_t s = 0; s < defs->nsensors && s < CFV_MAX_SENSORS; s++) {
        if (s)
            cfv_buf_puts(&known, ", ");
        cfv_buf_put(&known, defs->sensors[s].name, strnlen(defs->sensors[s].name, CFV_NAME_MAX));
    }
    if (known.len == 0)
        cfv_buf_puts(&known, "none");
    cfv_buf_putc(&known, '\0');
    cfv_err_set(e, "--sensor: unknown sensor '%s' (known: %s)", name,
                known.oom ? "?" : known.data);
    cfv_buf_free(&known);
}

int cfv_select_sensors(const cfv_defs *defs, const char *const *names, size_t n,
                       uint32_t *mask, cfv_err *e)
{
    uint32_t count = defs->nsensors < CFV_MAX_SENSORS ? defs->nsensors : CFV_MAX_SENSORS;
    if (n == 0) {
        *mask = count >= 32 ? UINT32_MAX : (UINT32_C(1) << count) - 1;
        return 0;
    }
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int s = cfv_defs_sensor_by_name(defs, names[i], strlen(names[i]));
        if (s < 0 || s >= (int)count) {
            unknown_sensor(defs, names[i], e);
            return -1;
        }
        m |= UINT32_C(1) << s;
    }
    *mask = m;
    return 0;
}
