/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as in iSCSI/ext4.
 * Uses the SSE4.2 crc32 instruction when the CPU has it (checked with cpuid on
 * each call, no cached global), else a portable slicing-by-8 table. */
#ifndef CFV_CRC32C_H
#define CFV_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Running CRC: start with crc = 0, feed chunks, result is the final CRC.
 * cfv_crc32c(0, "123456789", 9) == 0xE3069283. */
uint32_t cfv_crc32c(uint32_t crc, const uint8_t *p, size_t n);
uint32_t cfv_crc32c_portable(uint32_t crc, const uint8_t *p, size_t n);
int cfv_crc32c_hw_available(void);

/* CRC of buf with the 4 bytes at skip_off treated as zero (the header's own CRC field). */
uint32_t cfv_crc32c_skip4(const uint8_t *buf, size_t len, size_t skip_off);

#endif
