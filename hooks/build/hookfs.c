/* hookfs.c - `fs` and `proc` for build hooks, confined to the build's trees (see hookfs.h). */
#include "runtime/common.h"
#include "hooks/build/hookfs.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/file.h"
#include "runtime/build/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>

#define ROOTS_KEY "rez.hookfs.roots"
#define LOADED_KEY "rez.hookfs.loaded"
#define BOX_TYPE "rez.hookfs.box"
/* Largest file fs.read reads and largest output proc.run keeps per stream; the state's
 * memory budget usually stops a hook earlier. */
#define MAX_READ ((size_t)256 << 20)

/* C resources of one call, owned by a userdata so a Lua error cannot leak them (style §6). */
struct box {
	struct rt_buf a, b;
	struct rt_error err;
	const char **argv;
	glob_t g;
	int has_glob;
};

static int box_gc(lua_State *L)
{
	struct box *x = luaL_checkudata(L, 1, BOX_TYPE);
	rt_buf_release(&x->a);
	rt_buf_release(&x->b);
	rt_error_release(&x->err);
	free(x->argv);
	x->argv = NULL;
	if (x->has_glob)
		globfree(&x->g);
	x->has_glob = 0;
	return 0;
}

static struct box *box_new(lua_State *L)
{
	struct box *x = lua_newuserdatauv(L, sizeof(*x), 0);     /* ... box */
	memset(x, 0, sizeof(*x));
	rt_buf_init(&x->a, 0);
	rt_buf_init(&x->b, 0);
	if (luaL_newmetatable(L, BOX_TYPE)) {                      /* ... box mt */
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__close");
	}
	lua_setmetatable(L, -2);                                   /* ... box */
	return x;
}

static const struct hk_fs_roots *roots_of(lua_State *L)
{
	const struct hk_fs_roots *r;
	lua_getfield(L, LUA_REGISTRYINDEX, ROOTS_KEY);             /* ... lud */
	r = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (!r)
		luaL_error(L, "file API used outside a build hook");
	return r;
}

/* ---- path confinement ---- */

/* Lexically normalises `p` (made absolute against `base`) into out: no ".", "..", "//".
 * Returns 0, or -1 when it does not fit. */
static int normalize(const char *base, const char *p, char *out, size_t outsz)
{
	char tmp[PATH_MAX * 2];
	size_t n = 0;
	const char *s;
	int len = p[0] == '/' ? snprintf(tmp, sizeof tmp, "%s", p)
			      : snprintf(tmp, sizeof tmp, "%s/%s", base, p);
	if (len < 0 || (size_t)len >= sizeof tmp)
		return -1;
	s = tmp;
	while (*s) {
		const char *e;
		size_t clen;
		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		clen = e ? (size_t)(e - s) : strlen(s);
		if (clen == 1 && s[0] == '.') {
			/* nothing */
		} else if (clen == 2 && s[0] == '.' && s[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;          /* drop the separator too */
		} else {
			if (n + 1 + clen + 1 > outsz)
				return -1;
			out[n++] = '/';
			memcpy(out + n, s, clen);
			n += clen;
		}
		s += clen;
	}
	if (n == 0) {
		if (outsz < 2)
			return -1;
		out[n++] = '/';
	}
	out[n] = '\0';
	return 0;
}

/* Resolves symbolic links in the longest existing head of the absolute, normalised path. */
static int resolve(const char *abs, char *out, size_t outsz)
{
	char head[PATH_MAX];
	size_t cut = strlen(abs);
	if (cut >= sizeof head)
		return -1;
	memcpy(head, abs, cut + 1);
	for (;;) {
		char real[PATH_MAX];
		if (realpath(head, real)) {
			const char *tail = abs + cut;
			int len = snprintf(out, outsz, "%s%s", rt_streq(real, "/") && *tail ? "" : real,
					   tail);
			return len < 0 || (size_t)len >= outsz ? -1 : 0;
		}
		while (cut > 0 && head[cut - 1] != '/')
			cut--;
		if (cut <= 1)
			return snprintf(out, outsz, "%s", abs) >= (int)outsz ? -1 : 0;
		head[--cut] = '\0';
	}
}

static int under(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return 1;
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int allowed(const struct hk_fs_roots *r, const char *resolved)
{
	for (size_t i = 0; i < HK_FS_MAX_ROOTS; i++) {
		char norm[PATH_MAX], real[PATH_MAX];
		if (!r->paths[i])
			continue;
		if (normalize("/", r->paths[i], norm, sizeof norm) < 0 ||
		    resolve(norm, real, sizeof real) < 0)
			continue;
		if (under(resolved, real))
			return 1;
	}
	return 0;
}

/* The absolute, link-resolved form of argument `idx`, or a raised error naming `fname` when it
 * lies outside the allowed trees. out holds PATH_MAX bytes. */
static const char *confine(lua_State *L, const char *fname, int idx, char *out)
{
	const struct hk_fs_roots *r = roots_of(L);
	const char *p = luaL_checkstring(L, idx);
	char norm[PATH_MAX];
	if (strlen(p) != lua_rawlen(L, idx))
		luaL_error(L, "%s: path contains a NUL byte", fname);
	if (normalize(r->base ? r->base : "/", p, norm, sizeof norm) < 0 ||
	    resolve(norm, out, PATH_MAX) < 0)
		luaL_error(L, "%s: path '%s' is too long", fname, p);
	if (!allowed(r, out))
		luaL_error(L, "%s: path '%s' is outside the source, build and install trees", fname,
			   p);
	return out;
}

static int fail_errno(lua_State *L, const char *what, const char *path)
{
	int e = errno;
	lua_pushnil(L);
	lua_pushfstring(L, "cannot %s '%s': %s", what, path, strerror(e));
	return 2;
}

/* ---- fs ---- */

/* nil plus the message of x->err; 2 results */
static int fail_err(lua_State *L, struct box *x)
{
	lua_pushnil(L);
	lua_pushstring(L, rt_error_msg(&x->err));
	return 2;
}


static int fs_read(lua_State *L)
{
	char path[PATH_MAX];
	struct box *x;
	confine(L, "fs.read", 1, path);
	x = box_new(L);
	if (rt_buf_read_file(&x->a, path, MAX_READ) < 0)
		return fail_errno(L, "read", path);
	lua_pushlstring(L, x->a.buf, x->a.len);                   /* ... box text */
	rt_buf_release(&x->a);   /* now rather than at the next collection */
	return 1;
}

static int fs_write(lua_State *L)
{
	char path[PATH_MAX];
	size_t len;
	const char *data;
	struct box *x;
	confine(L, "fs.write", 1, path);
	data = luaL_checklstring(L, 2, &len);
	x = box_new(L);
	{
		char dir[PATH_MAX];
		char *slash;
		memcpy(dir, path, strlen(path) + 1);
		slash = strrchr(dir, '/');
		if (slash && slash != dir)
			*slash = '\0';
		if (slash && slash != dir && rt_build_mkdirs(dir, &x->err) < 0)
			return fail_err(L, x);
	}
	if (rt_file_write_atomic(path, data, len, 0666, RT_FILE_NOSYNC, &x->err) < 0)
		return fail_err(L, x);
	lua_pushboolean(L, 1);
	return 1;
}

static int fs_mkdir(lua_State *L)
{
	char path[PATH_MAX];
	struct box *x;
	confine(L, "fs.mkdir", 1, path);
	x = box_new(L);
	if (rt_build_mkdirs(path, &x->err) < 0)
		return fail_err(L, x);
	lua_pushboolean(L, 1);
	return 1;
}

static int fs_exists(lua_State *L)
{
	char path[PATH_MAX];
	struct stat st;
	confine(L, "fs.exists", 1, path);
	lua_pushboolean(L, lstat(path, &st) == 0);
	return 1;
}

static int fs_copy(lua_State *L)
{
	char src[PATH_MAX], dst[PATH_MAX];
	struct stat st;
	struct box *x;
	confine(L, "fs.copy", 1, src);
	confine(L, "fs.copy", 2, dst);
	if (stat(src, &st) < 0)
		return fail_errno(L, "copy", src);
	if (!S_ISDIR(st.st_mode) && stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* copying a file onto a directory puts it inside, as cp does */
		const char *base = strrchr(src, '/');
		size_t n = strlen(dst);
		if (n + strlen(base) >= sizeof dst)
			return luaL_error(L, "fs.copy: path is too long");
		memcpy(dst + n, base, strlen(base) + 1);
	}
	x = box_new(L);
	if (rt_build_copy(src, dst, &x->err) < 0)
		return fail_err(L, x);
	lua_pushboolean(L, 1);
	return 1;
}

static int fs_glob(lua_State *L)
{
	const struct hk_fs_roots *r = roots_of(L);
	const char *pat = luaL_checkstring(L, 1);
	char norm[PATH_MAX], head[PATH_MAX], real[PATH_MAX];
	size_t magic;
	struct box *x;
	lua_Integer n = 0;
	int rc;

	if (normalize(r->base ? r->base : "/", pat, norm, sizeof norm) < 0)
		return luaL_error(L, "fs.glob: pattern '%s' is too long", pat);
	/* The directory part before the first wildcard must lie inside the trees. */
	magic = strcspn(norm, "*?[");
	memcpy(head, norm, magic);
	head[magic] = '\0';
	if (norm[magic]) {
		char *slash = strrchr(head, '/');
		if (slash)
			slash[slash == head ? 1 : 0] = '\0';
	}
	if (resolve(head, real, sizeof real) < 0 || !allowed(r, real))
		return luaL_error(L, "fs.glob: pattern '%s' is outside the source, build and "
				  "install trees", pat);
	x = box_new(L);                                              /* pat box */
	rc = glob(norm, 0, NULL, &x->g);
	x->has_glob = 1;
	if (rc == GLOB_NOSPACE)
		return luaL_error(L, "fs.glob: out of memory");
	lua_newtable(L);                                             /* pat box list */
	if (rc == 0)
		for (size_t i = 0; i < x->g.gl_pathc; i++) {
			/* a match reached through a link that leaves the trees is left out */
			if (resolve(x->g.gl_pathv[i], real, sizeof real) < 0 || !allowed(r, real))
				continue;
			lua_pushstring(L, x->g.gl_pathv[i]);
			lua_rawseti(L, -2, ++n);
		}
	return 1;
}

/* ---- modules ---- */

void hk_fs_run_module(lua_State *L, const char *text, size_t len, const char *chunkname)
{
	int lines = 1;
	if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK)   /* ... fn | msg */
		lua_error(L);
	/* A fresh environment per module: its globals stay its own. */
	lua_newtable(L);                                       /* ... fn env */
	lua_createtable(L, 0, 1);                              /* ... fn env mt */
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);                               /* ... fn env */
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);                                 /* ... fn */
	lua_call(L, 0, 1);                                     /* ... result */
	if (lua_type(L, -1) == LUA_TTABLE)
		return;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			lines++;
	/* not luaL_error: its location would be our caller's line, not the module's */
	lua_pushfstring(L, "%s:%d: a build hook module must return a table (got %s)",
			chunkname[0] == '@' ? chunkname + 1 : chunkname, lines, luaL_typename(L, -1));
	lua_error(L);
}

static int fs_load_hook(lua_State *L)
{
	char path[PATH_MAX];
	struct box *x;
	confine(L, "fs.load_hook", 1, path);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LOADED_KEY);    /* p loaded */
	if (lua_getfield(L, -1, path) == LUA_TTABLE)            /* p loaded mod */
		return 1;
	lua_pop(L, 1);
	x = box_new(L);                                         /* p loaded box */
	if (rt_buf_read_file(&x->a, path, MAX_READ) < 0)
		return luaL_error(L, "fs.load_hook: cannot read '%s': %s", path, strerror(errno));
	lua_pushfstring(L, "@%s", path);                        /* p loaded box name */
	hk_fs_run_module(L, x->a.buf, x->a.len, lua_tostring(L, -1));   /* ... name mod */
	lua_pushvalue(L, -1);
	lua_setfield(L, -5, path);                              /* ... name mod */
	return 1;
}

/* ---- proc ---- */

static void read_into(int fd, struct rt_buf *b, int *open_fd)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(fd);
		*open_fd = -1;
		return;
	}
	if (b->len + (size_t)n <= MAX_READ)
		rt_buf_add(b, chunk, (size_t)n);
}

/* pipe() with both ends close-on-exec (pipe2 is not POSIX). */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd) < 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static int proc_run(lua_State *L)
{
	const struct hk_fs_roots *r = roots_of(L);
	char cwd[PATH_MAX];
	lua_Integer argc;
	struct box *x;
	int out[2], errp[2], ex[2], status, child_errno = 0;
	pid_t pid;

	luaL_checktype(L, 1, LUA_TTABLE);
	argc = (lua_Integer)lua_rawlen(L, 1);
	if (argc < 1)
		return luaL_argerror(L, 1, "argv must be a non-empty list of strings");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	/* cwd: confined, default the source directory */
	if (lua_istable(L, 2) && lua_getfield(L, 2, "cwd") != LUA_TNIL) {   /* argv opts cwd */
		confine(L, "proc.run", 3, cwd);
	} else {
		if (snprintf(cwd, sizeof cwd, "%s", r->base ? r->base : "/") >= (int)sizeof cwd)
			return luaL_error(L, "proc.run: working directory too long");
	}
	lua_settop(L, 2);
	if (lua_istable(L, 2))
		lua_getfield(L, 2, "env");                          /* argv opts env */
	else
		lua_pushnil(L);
	if (!lua_isnil(L, 3)) {
		luaL_argcheck(L, lua_istable(L, 3), 2, "'env' must be a table of strings");
		lua_pushnil(L);
		while (lua_next(L, 3)) {
			if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
				return luaL_error(L, "proc.run: 'env' must map names to strings");
			lua_pop(L, 1);
		}
	}
	x = box_new(L);                                             /* argv opts env box */
	x->argv = rt_xcalloc((size_t)argc + 1, sizeof(*x->argv));
	for (lua_Integer i = 1; i <= argc; i++) {
		if (lua_rawgeti(L, 1, i) != LUA_TSTRING)
			return luaL_error(L, "proc.run: argv[%d] must be a string (got %s)", (int)i,
					  luaL_typename(L, -1));
		x->argv[i - 1] = lua_tostring(L, -1);   /* anchored by the argv table */
		lua_pop(L, 1);
	}
	if (cloexec_pipe(out) < 0)
		return luaL_error(L, "proc.run: pipe: %s", strerror(errno));
	if (cloexec_pipe(errp) < 0) {
		close(out[0]);
		close(out[1]);
		return luaL_error(L, "proc.run: pipe: %s", strerror(errno));
	}
	if (cloexec_pipe(ex) < 0) {
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		return luaL_error(L, "proc.run: pipe: %s", strerror(errno));
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int e;
		dup2(out[1], 1);
		dup2(errp[1], 2);
		if (chdir(cwd) < 0)
			goto child_fail;
		if (!lua_isnil(L, 3)) {
			lua_pushnil(L);
			while (lua_next(L, 3)) {
				setenv(lua_tostring(L, -2), lua_tostring(L, -1), 1);
				lua_pop(L, 1);
			}
		}
		execvp(x->argv[0], (char *const *)x->argv);
child_fail:
		e = errno;
		if (write(ex[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	close(ex[1]);
	if (pid < 0) {
		close(out[0]);
		close(errp[0]);
		close(ex[0]);
		return luaL_error(L, "proc.run: fork: %s", strerror(errno));
	}
	if (read(ex[0], &child_errno, sizeof child_errno) != (ssize_t)sizeof child_errno)
		child_errno = 0;
	close(ex[0]);
	{
		int fo = out[0], fe = errp[0];
		while (fo >= 0 || fe >= 0) {
			struct pollfd p[2];
			nfds_t np = 0;
			if (fo >= 0)
				p[np++] = (struct pollfd){ fo, POLLIN, 0 };
			if (fe >= 0)
				p[np++] = (struct pollfd){ fe, POLLIN, 0 };
			if (poll(p, np, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			for (nfds_t i = 0; i < np; i++) {
				if (!p[i].revents)
					continue;
				if (p[i].fd == fo)
					read_into(fo, &x->a, &fo);
				else
					read_into(fe, &x->b, &fe);
			}
		}
		if (fo >= 0)
			close(fo);
		if (fe >= 0)
			close(fe);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return luaL_error(L, "proc.run: waitpid: %s", strerror(errno));
	if (child_errno)
		return luaL_error(L, "proc.run: cannot run '%s': %s", x->argv[0],
				  strerror(child_errno));
	lua_pushinteger(L, WIFEXITED(status) ? WEXITSTATUS(status)
					     : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1);
	lua_pushlstring(L, x->a.buf, x->a.len);
	lua_pushlstring(L, x->b.buf, x->b.len);
	return 3;
}

/* print(...): Lua's print, to stdout (flushed, so it interleaves with the build's output). */
static int hk_print(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);               /* ... s */
		if (i > 1)
			fputc('\t', stdout);
		fwrite(s, 1, len, stdout);
		lua_pop(L, 1);
	}
	fputc('\n', stdout);
	fflush(stdout);
	return 0;
}

static const luaL_Reg fs_funcs[] = {
	{ "read", fs_read },
	{ "write", fs_write },
	{ "copy", fs_copy },
	{ "mkdir", fs_mkdir },
	{ "exists", fs_exists },
	{ "glob", fs_glob },
	{ "load_hook", fs_load_hook },
	{ NULL, NULL }
};

static const luaL_Reg proc_funcs[] = {
	{ "run", proc_run },
	{ NULL, NULL }
};

void hk_fs_open(lua_State *L, const struct hk_fs_roots *roots)
{
	lua_pushlightuserdata(L, (void *)roots);
	lua_setfield(L, LUA_REGISTRYINDEX, ROOTS_KEY);
	luaL_newlib(L, fs_funcs);                                  /* fs */
	lua_setglobal(L, "fs");
	luaL_newlib(L, proc_funcs);                                /* proc */
	lua_setglobal(L, "proc");
	lua_pushcfunction(L, hk_print);
	lua_setglobal(L, "print");
}
