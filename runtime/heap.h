/* heap.h - process heap set-up. */
#ifndef RT_HEAP_H
#define RT_HEAP_H

#include <stddef.h>

/* Grows the heap by `reserve` bytes at once, keeps freed memory instead of trimming it, and
 * asks the kernel for transparent huge pages on it (honoured when
 * /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise"). Call once, first
 * thing in main. Best effort: a step that fails leaves malloc's defaults, which are correct,
 * only slower. Memory is not committed until touched. */
void rt_heap_init(size_t reserve);

#endif
