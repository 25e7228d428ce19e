/* fuzz_config.c - libFuzzer target for the configuration loader (runtime/config.h): the
 * input is one YAML configuration file, validated, merged over the defaults and expanded.
 * Invariants: failure comes with a message; a loaded configuration answers `rez config`'s
 * whole dump. The system values are fixed, so nothing is detected per run. */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/file.h"
#include "runtime/value.h"
#include "runtime/yaml.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static struct rt_value *sys;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	const char *files[2] = { path, NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c;
	FILE *f;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz_config.%d.yaml", (int)getpid());
		sys = rt_value_map();
		rt_map_set(sys, "platform", rt_value_str("linux"));
		rt_map_set(sys, "arch", rt_value_str("x86_64"));
		rt_map_set(sys, "os", rt_value_str("Debian-12"));
		rt_map_set(sys, "user", rt_value_str("fuzz"));
		rt_map_set(sys, "home", rt_value_str("/home/fuzz"));
		rt_map_set(sys, "host", rt_value_str("fuzzhost"));
		rt_map_set(sys, "fqdn", rt_value_str("fuzzhost.example"));
		rt_map_set(sys, "domain", rt_value_str("example"));
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	o.files = files;
	o.no_env = 1;
	o.system = sys;
	c = rt_config_load(&o, &err);
	if (!c) {
		if (!err.msg)
			abort();
		rt_error_release(&err);
		return 0;
	}
	{
		struct rt_buf out = RT_BUF_INIT;
		if (rt_yaml_emit(rt_config_data(c), &out, &err) < 0)
			rt_error_release(&err);
		rt_buf_release(&out);
	}
	rt_config_free(c);
	return 0;
}
