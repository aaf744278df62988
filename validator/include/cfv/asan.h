/* Whether AddressSanitizer instruments this unit (gcc says so with
 * __SANITIZE_ADDRESS__, clang with __has_feature), and the poisoning a
 * library that carves its own memory uses to keep ASan's view of it exact.
 * Freestanding: the sanitizer's header only under ASan. */
#ifndef CFV_ASAN_H
#define CFV_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define CFV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CFV_ASAN 1
#endif
#endif
#ifndef CFV_ASAN
#define CFV_ASAN 0
#endif

#if CFV_ASAN
#include <sanitizer/asan_interface.h>
#define CFV_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define CFV_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define CFV_POISON(p, n) ((void)(p), (void)(n))
#define CFV_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#endif
