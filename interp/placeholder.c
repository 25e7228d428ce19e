/* interp: filled in by the interp module files. */
typedef int li_placeholder_unused;
