/* The description of the last mutation ("op3(i0c1)+bytes"), written by
 * every mutation file; calls none of them, so they do not call back into
 * mutator.c, which calls them. */
#include <stdarg.h>
#include <stdio.h>

#include "mut_internal.h"

const char *cfv_mutator_describe(const cfv_mutator *m) { return m->desc; }

void cfv_mutator_set_describe(cfv_mutator *m, int on) { m->quiet = !on; }

void cfv_mut_note(cfv_mutator *m, const char *fmt, ...)
{
    size_t room = sizeof m->desc - m->desc_len;
    if (m->quiet || room < 2)
        return;
    if (m->desc_len) {
        m->desc[m->desc_len++] = '+';
        room--;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(m->desc + m->desc_len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        m->desc_len += (size_t)n < room ? (size_t)n : room - 1;
    m->desc[m->desc_len] = 0;
}
