/* color.c - Rez's output colours (see color.h). ANSI codes as colorama's Fore/Back/Style. */
#include "cli/color.h"
#include "runtime/common.h"
#include "runtime/config.h"
#include "runtime/value.h"

#include <strings.h>
#include <unistd.h>

static const char *const kind_names[CLI_COLOR_N] = {
	"critical", "error", "warning", "info", "debug", "heading", "local", "implicit",
	"ephemeral", "alias"
};
static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", NULL
};

static int enabled = -1;              /* -1: not initialised (no colour) */
static char codes[CLI_COLOR_N][48];

static int color_index(const char *name, int *light)
{
	*light = 0;
	if (!name)
		return -1;
	if (!strncmp(name, "light", 5) && strlen(name) > 8 && !strcmp(name + strlen(name) - 3, "_ex")) {
		/* colorama's LIGHTRED_EX ... */
		char base[16];
		size_t n = strlen(name) - 8;
		if (n >= sizeof(base))
			return -1;
		memcpy(base, name + 5, n);
		base[n] = '\0';
		*light = 1;
		name = base;
		for (int i = 0; color_names[i]; i++)
			if (!strcasecmp(color_names[i], name))
				return i;
		return -1;
	}
	for (int i = 0; color_names[i]; i++)
		if (!strcasecmp(color_names[i], name))
			return i;
	return -1;
}

static void add_code(char *out, size_t cap, int code)
{
	size_t len = strlen(out);
	snprintf(out + len, cap - len, "\033[%dm", code);
}

void cli_color_init(const struct rt_config *cfg)
{
	const char *no_color = getenv("NO_COLOR");
	enabled = rt_config_bool(cfg, "color_enabled") && !(no_color && *no_color);
	for (int k = 0; k < CLI_COLOR_N; k++) {
		char key[40];
		const struct rt_value *v;
		int idx, light;
		codes[k][0] = '\0';
		snprintf(key, sizeof(key), "%s_fore", kind_names[k]);
		v = rt_config_get(cfg, key);
		if (v && (idx = color_index(rt_value_as_str(v), &light)) >= 0)
			add_code(codes[k], sizeof(codes[k]), (light ? 90 : 30) + idx);
		snprintf(key, sizeof(key), "%s_back", kind_names[k]);
		v = rt_config_get(cfg, key);
		if (v && (idx = color_index(rt_value_as_str(v), &light)) >= 0)
			add_code(codes[k], sizeof(codes[k]), (light ? 100 : 40) + idx);
		snprintf(key, sizeof(key), "%s_styles", kind_names[k]);
		v = rt_config_get(cfg, key);
		for (size_t i = 0; v && v->type == RT_LIST && i < rt_list_len(v); i++) {
			const char *s = rt_value_as_str(rt_list_at(v, i));
			if (s && !strcasecmp(s, "bright"))
				add_code(codes[k], sizeof(codes[k]), 1);
			else if (s && !strcasecmp(s, "dim"))
				add_code(codes[k], sizeof(codes[k]), 2);
			else if (s && !strcasecmp(s, "normal"))
				add_code(codes[k], sizeof(codes[k]), 22);
		}
	}
}

static int colored(FILE *f)
{
	return enabled > 0 && isatty(fileno(f));
}

const char *cli_color(FILE *f, enum cli_color_kind kind)
{
	return colored(f) ? codes[kind] : "";
}

const char *cli_color_end(FILE *f, enum cli_color_kind kind)
{
	return colored(f) && codes[kind][0] ? "\033[0m" : "";
}
