/* color.h - Rez's output colours: color_enabled and the <kind>_fore/_back/_styles settings,
 * on only when the stream is a terminal and NO_COLOR is not set. */
#ifndef CLI_COLOR_H
#define CLI_COLOR_H

#include <stdio.h>

struct rt_config;

enum cli_color_kind {
	CLI_COLOR_CRITICAL, CLI_COLOR_ERROR, CLI_COLOR_WARNING, CLI_COLOR_INFO, CLI_COLOR_DEBUG,
	CLI_COLOR_HEADING, CLI_COLOR_LOCAL, CLI_COLOR_IMPLICIT, CLI_COLOR_EPHEMERAL, CLI_COLOR_ALIAS,
	CLI_COLOR_N
};

/* Reads the settings (called by cli_load_config; before it, nothing is coloured). */
void cli_color_init(const struct rt_config *cfg);
/* The escape sequence that starts `kind` on f, or "" when f is not coloured. */
const char *cli_color(FILE *f, enum cli_color_kind kind);
/* The reset sequence after a cli_color() start, or "". */
const char *cli_color_end(FILE *f, enum cli_color_kind kind);

#endif
