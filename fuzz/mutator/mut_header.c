/* Header mutations: the channel (alone, or with every instance's template
 * type following it), content version, creation time, version, magic. */
#include "cff_layout.h"
#include "mut_internal.h"

/* The file moves to another channel and its instances to that channel's
 * type: a valid file of another kind, or, alone, a CFV044 mismatch. */
static int switch_channel(cfv_mutator *m, cfv_writer *w)
{
    int t = (int)cfv_mut_below(m, m->defs->ntypes);
    cfv_writer_header_of(w)->channel_id = m->defs->types[t].channel;
    int whole = cfv_mut_chance(m, 60);
    cfv_mut_note(m, "chan%u%s", (unsigned)m->defs->types[t].channel, whole ? "" : "!");
    int rc = 0;
    for (size_t i = 0; whole && i < cfv_writer_instance_count(w) && rc == 0; i++)
        rc = cfv_mut_retype(m, w, i, t, 1);
    return rc;
}

static const uint64_t times[] = {
    0, CFF_EPOCH_2020 - 1, CFF_EPOCH_2020, 1721347200 /* 2024-07-19 */, 4102444800 /* 2100 */,
    UINT64_MAX,
};

int cfv_mut_header(cfv_mutator *m, cfv_writer *w)
{
    cfv_writer_header *h = cfv_writer_header_of(w);
    switch (cfv_mut_below(m, 8)) {
    case 0:
    case 1:
    case 2:
        return switch_channel(m, w);
    case 3:
        h->channel_id = cfv_mut_chance(m, 50) ? m->defs->types[cfv_mut_below(m, m->defs->ntypes)].channel
                                              : cfv_mut_u32(m);
        cfv_mut_note(m, "chanraw%u", (unsigned)h->channel_id);
        return 0;
    case 4:
        h->content_version = cfv_mut_u32(m);
        cfv_mut_note(m, "cversion");
        return 0;
    case 5:
        h->created_utc = times[cfv_mut_below(m, sizeof times / sizeof times[0])];
        cfv_mut_note(m, "created");
        return 0;
    case 6:
        if (cfv_mut_chance(m, 50))
            h->version_major = (uint16_t)cfv_mut_below(m, 3);
        else
            h->version_minor = (uint16_t)cfv_mut_below(m, 3);
        cfv_mut_note(m, "version");
        return 0;
    default:
        h->magic ^= 1u << cfv_mut_below(m, 32);
        cfv_mut_note(m, "magic");
        return 0;
    }
}
