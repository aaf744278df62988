/* Whether a file arrived as its producer wrote it. */
#include "cfv/crc32c.h"
#include "cfv/le.h"
#include "cff_layout.h"
#include "fuzz_support.h"

int cfv_fz_intact(const uint8_t *buf, size_t len)
{
    if (len < CFF_HEADER_FIXED_SIZE)
        return 0;
    return cfv_le32(buf + CFF_HEADER_FILE_SIZE_OFF) == len &&
           cfv_le32(buf + CFF_HEADER_CRC32C_OFF) == cfv_crc32c_skip4(buf, len, CFF_HEADER_CRC32C_OFF);
}
