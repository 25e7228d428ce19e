/* pyread.c - package.py (a Python subset) to package.lua text (see pyread.h).
 *
 * Three parts in one pass over a token array: the tokenizer (Python's rules for indentation,
 * brackets, continuation lines and every string form), a recursive-descent parser, and the
 * writer. Statements go straight to the output, each on its Python line; expressions are
 * built as strings (arena allocated) so they can be reordered (comprehensions, conditional
 * expressions). Errors longjmp out of the parser; everything allocated belongs to the arena
 * or to the context, which are freed on both paths. */
#include "runtime/common.h"
#include "interp/pyread.h"
#include "runtime/utf8.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>

#define MAX_NEST 100            /* brackets, nested expressions and blocks */
#define MAX_LOCALS 180          /* Lua allows 200 per function; temporaries need a few */

/* ---- arena ---- */

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

/* ---- tokens ---- */

enum { T_EOF, T_NAME, T_NUM, T_STR, T_OP, T_NEWLINE, T_INDENT, T_DEDENT };

enum { S_RAW = 1, S_F = 2, S_BYTES = 4 };

struct tok {
	int type, line, col;
	const char *s;          /* NAME / NUM / OP text in the source; STR: decoded or raw body */
	size_t len;
	int flags;              /* STR: S_* */
};

/* ---- scopes ---- */

struct fsig {                   /* a def whose parameters are known, for keyword arguments */
	const char *name;
	const char **params;
	int n_params;
	struct fsig *next;
};

struct scope {
	struct scope *up;           /* enclosing function scope, NULL for the module */
	const char **locals;        /* names local to this function (Python names) */
	int n_locals, cap_locals;
	const char **globals;       /* `global` declarations */
	int n_globals, cap_globals;
	struct fsig *sigs;
	int is_module;
	int loop_depth;             /* loops open in this function */
	int try_depth;              /* inside a try body translated to a pcall closure */
	int try_loop_base;          /* loop_depth when the innermost try began */
	const char *scope_var;      /* inside `with scope(..) as X`: X */
	const char *scope_tmp;      /* the Lua temporary holding the scope object */
	const char **scope_names;   /* names assigned in the with-scope block */
	int n_scope_names, cap_scope_names;
};

struct ctx {
	const char *path;
	const char *src;
	size_t len;
	struct rt_buf *out;
	int out_line;
	struct block *arena;
	struct tok *t;
	size_t nt, ct, p;
	jmp_buf jb;
	struct rt_error *err;
	const char **modnames;      /* names assigned at module level */
	int n_modnames, cap_modnames;
	struct scope *sc;
	int tmp;                    /* counter for temporaries */
	int depth;
	int import_ok_runtime;      /* inside try/except ImportError: unknown imports raise */
	struct tok *outer_t[MAX_NEST + 2];   /* token arrays of enclosing f-string parses */
	int n_outer;
	/* rez convert (li_pyread_convert): Lua a person keeps. Comments and docstrings are
	 * carried over (comments[line], appended when the output leaves that line), plain Lua is
	 * written where it means the same, and `local _py = require("rez.py")` only where used. */
	int convert;
	const char **comments;      /* [line]: comment text (without the '#'), or NULL */
	int n_comment_lines;
	size_t (*fn_ranges)[2];     /* output ranges of module-level functions */
	int n_fn_ranges;
};

static void *amalloc(struct ctx *c, size_t n)
{
	struct block *b = c->arena;
	n = (n + 7) & ~(size_t)7;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		b = rt_xmalloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = c->arena;
		c->arena = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *adup(struct ctx *c, const char *s, size_t n)
{
	char *p = amalloc(c, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* Concatenates NULL-terminated string arguments into the arena. */
static char *cat(struct ctx *c, ...)
{
	va_list ap;
	size_t n = 0;
	const char *s;
	char *r, *q;
	va_start(ap, c);
	while ((s = va_arg(ap, const char *)))
		n = rt_st_add(n, strlen(s));
	va_end(ap);
	r = q = amalloc(c, n + 1);
	va_start(ap, c);
	while ((s = va_arg(ap, const char *))) {
		size_t k = strlen(s);
		memcpy(q, s, k);
		q += k;
	}
	va_end(ap);
	*q = 0;
	return r;
}

static char *afmt(struct ctx *c, const char *fmt, ...) RT_PRINTF(2, 3);
static char *afmt(struct ctx *c, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	return adup(c, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* ---- errors ---- */

static void fail_at(struct ctx *c, int line, int col, const char *fmt, ...) RT_PRINTF(4, 5);
static void fail_at(struct ctx *c, int line, int col, const char *fmt, ...)
{
	struct rt_buf b = RT_BUF_INIT;
	va_list ap;
	if (col > 0)
		rt_buf_addf(&b, "%s:%d:%d: ", c->path, line, col);
	else
		rt_buf_addf(&b, "%s:%d: ", c->path, line);
	va_start(ap, fmt);
	rt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rt_error(c->err, "%s", b.buf);
	rt_buf_release(&b);
	longjmp(c->jb, 1);
}

static void unsupported(struct ctx *c, int line, const char *what) RT_NORETURN;
static void unsupported(struct ctx *c, int line, const char *what)
{
	fail_at(c, line, 0, "'%s' is not supported when reading package.py (convert this "
		"package: rez convert)", what);
	abort();
}

/* ---- tokenizer ---- */

static void push_tok(struct ctx *c, int type, int line, int col, const char *s, size_t len,
		     int flags)
{
	struct tok *t;
	c->t = rt_xgrow(c->t, sizeof(*c->t), c->nt + 1, &c->ct);
	t = &c->t[c->nt++];
	t->type = type;
	t->line = line;
	t->col = col;
	t->s = s;
	t->len = len;
	t->flags = flags;
}

static void put_utf8(struct rt_buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		rt_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		rt_buf_addch(b, (int)(0xC0 | (cp >> 6)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		rt_buf_addch(b, (int)(0xE0 | (cp >> 12)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else {
		rt_buf_addch(b, (int)(0xF0 | (cp >> 18)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	}
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decodes Python escapes of a non-raw string body into the arena. (An f-string's literal
 * parts come through here too, after `{{`/`}}` are handled by the caller.) */
static const char *decode_escapes(struct ctx *c, const char *s, size_t n, int line, size_t *outlen)
{
	struct rt_buf b = RT_BUF_INIT;
	char *r;
	for (size_t i = 0; i < n; i++) {
		unsigned long cp;
		int digits;
		if (s[i] != '\\' || i + 1 >= n) {
			rt_buf_addch(&b, s[i]);
			continue;
		}
		i++;
		switch (s[i]) {
		case '\n': break;
		case '\\': rt_buf_addch(&b, '\\'); break;
		case '\'': rt_buf_addch(&b, '\''); break;
		case '"': rt_buf_addch(&b, '"'); break;
		case 'a': rt_buf_addch(&b, 7); break;
		case 'b': rt_buf_addch(&b, 8); break;
		case 'f': rt_buf_addch(&b, 12); break;
		case 'n': rt_buf_addch(&b, '\n'); break;
		case 'r': rt_buf_addch(&b, '\r'); break;
		case 't': rt_buf_addch(&b, '\t'); break;
		case 'v': rt_buf_addch(&b, 11); break;
		case 'x': case 'u': case 'U':
			digits = s[i] == 'x' ? 2 : s[i] == 'u' ? 4 : 8;
			cp = 0;
			for (int k = 0; k < digits; k++) {
				int h = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
				if (h < 0) {
					rt_buf_release(&b);
					fail_at(c, line, 0, "truncated \\%c escape in a string", s[i - k]);
				}
				cp = cp * 16 + (unsigned long)h;
				i++;
			}
			if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
				rt_buf_release(&b);
				fail_at(c, line, 0, "escape \\U%08lx is not a valid character", cp);
			}
			put_utf8(&b, cp);
			break;
		case 'N':
			rt_buf_release(&b);
			unsupported(c, line, "\\N{...} escape");
			break;
		default:
			if (s[i] >= '0' && s[i] <= '7') {
				cp = 0;
				for (int k = 0; k < 3 && i < n && s[i] >= '0' && s[i] <= '7'; k++, i++)
					cp = cp * 8 + (unsigned long)(s[i] - '0');
				i--;
				put_utf8(&b, cp);
			} else {
				/* Unknown escapes keep the backslash, as Python does. */
				rt_buf_addch(&b, '\\');
				rt_buf_addch(&b, s[i]);
			}
		}
	}
	r = adup(c, b.buf, b.len);
	*outlen = b.len;
	rt_buf_release(&b);
	return r;
}

static int is_id_start(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80;
}

static int is_id_char(int ch)
{
	return is_id_start(ch) || (ch >= '0' && ch <= '9');
}

static const char *const ops3[] = { "**=", "//=", ">>=", "<<=", "...", NULL };
static const char *const ops2[] = {
	"**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=",
	"|=", "^=", "->", ":=", NULL
};

/* "# -*- coding: utf-8 -*-" and the like mean nothing in Lua. */
static int is_coding_line(const char *text, size_t n)
{
	for (size_t i = 0; i + 6 <= n; i++)
		if (memcmp(text + i, "coding", 6) == 0 && i + 6 < n &&
		    (text[i + 6] == ':' || text[i + 6] == '='))
			return 1;
	return 0;
}

/* convert mode: keeps a comment for the output line `line` (the first one given wins). */
static void add_comment(struct ctx *c, int line, const char *text, size_t n)
{
	while (n && (text[n - 1] == '\r' || text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (line <= 0 || is_coding_line(text, n))
		return;
	if (line >= c->n_comment_lines) {
		int nn = line * 2 + 16;
		c->comments = rt_xrealloc(c->comments, (size_t)nn * sizeof(*c->comments));
		memset(c->comments + c->n_comment_lines, 0,
		       (size_t)(nn - c->n_comment_lines) * sizeof(*c->comments));
		c->n_comment_lines = nn;
	}
	if (!c->comments[line]) {
		/* a CR inside would end a Lua comment and make the rest code */
		char *t = adup(c, text, n);
		for (char *q = t; *q; q++)
			if (*q == '\r')
				*q = ' ';
		c->comments[line] = t;
	}
}

static void tokenize(struct ctx *c)
{
	const char *s = c->src;
	size_t n = c->len, i = 0;
	int line = 1, nest = 0, at_bol = 1;
	int indents[MAX_NEST + 1], ni = 0;
	size_t bol = 0;
	long bad;

	bad = rt_utf8_invalid_at(s, n, 0);
	if (bad >= 0) {
		int l = 1;
		size_t lb = 0;
		for (size_t k = 0; k < (size_t)bad; k++)
			if (s[k] == '\n') {
				l++;
				lb = k + 1;
			}
		fail_at(c, l, (int)((size_t)bad - lb) + 1, "invalid UTF-8 in package.py");
	}
	if (memchr(s, '\0', n)) {
		const char *z = memchr(s, '\0', n);
		int l = 1;
		for (const char *k = s; k < z; k++)
			l += *k == '\n';
		fail_at(c, l, 0, "NUL byte in package.py");
	}
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		i = 3;
	indents[0] = 0;
	while (i < n) {
		int ch = (unsigned char)s[i];
		int col = (int)(i - bol) + 1;
		if (at_bol && nest == 0) {
			int w = 0;
			size_t j = i;
			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\f')) {
				w = s[j] == '\t' ? (w / 8 + 1) * 8 : s[j] == ' ' ? w + 1 : 0;
				j++;
			}
			if (j >= n)
				break;
			if (s[j] == '#' || s[j] == '\n' || (s[j] == '\r')) {
				i = j;       /* blank or comment line: no indentation tokens */
				at_bol = 0;
				goto again;
			}
			if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '\n' || s[j + 1] == '\r')) {
				i = j;
				at_bol = 0;
				goto again;
			}
			at_bol = 0;
			if (w > indents[ni]) {
				if (ni >= MAX_NEST)
					fail_at(c, line, 1, "too many levels of indentation");
				indents[++ni] = w;
				push_tok(c, T_INDENT, line, 1, s + j, 0, 0);
			} else {
				while (w < indents[ni]) {
					ni--;
					push_tok(c, T_DEDENT, line, 1, s + j, 0, 0);
				}
				if (w != indents[ni])
					fail_at(c, line, (int)(j - bol) + 1, "unindent does not match any "
						"outer indentation level");
			}
			i = j;
			continue;
		}
again:
		if (i >= n)
			break;
		ch = (unsigned char)s[i];
		col = (int)(i - bol) + 1;
		if (ch == ' ' || ch == '\t' || ch == '\f') {
			i++;
		} else if (ch == '#') {
			size_t from = i + 1;
			/* a lone CR ends the line, as in Python's universal newlines */
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
			if (c->convert)
				add_comment(c, line, s + from, i - from);
		} else if (ch == '\r' || ch == '\n') {
			if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			if (nest == 0 && c->nt && c->t[c->nt - 1].type != T_NEWLINE &&
			    c->t[c->nt - 1].type != T_INDENT && c->t[c->nt - 1].type != T_DEDENT)
				push_tok(c, T_NEWLINE, line, col, s + i, 0, 0);
			i++;
			line++;
			bol = i;
			at_bol = 1;
		} else if (ch == '\\') {
			if (i + 1 < n && s[i + 1] == '\n') {
				i += 2;
			} else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
				i += 3;
			} else {
				fail_at(c, line, col, "unexpected character after line continuation");
			}
			line++;
			bol = i;
		} else if (is_id_start(ch) || ch == '"' || ch == '\'') {
			size_t j = i;
			int flags = 0;
			while (j < n && is_id_char((unsigned char)s[j]))
				j++;
			if (j < n && (s[j] == '"' || s[j] == '\'') && j - i <= 2) {
				int ok = 1;
				for (size_t k = i; k < j; k++) {
					int p = s[k] | 0x20;
					if (p == 'r')
						flags |= S_RAW;
					else if (p == 'f')
						flags |= S_F;
					else if (p == 'b')
						flags |= S_BYTES;
					else if (p != 'u')
						ok = 0;
				}
				if (!ok) {
					push_tok(c, T_NAME, line, col, s + i, j - i, 0);
					i = j;
					continue;
				}
			} else if (j > i) {
				push_tok(c, T_NAME, line, col, s + i, j - i, 0);
				i = j;
				continue;
			}
			if (flags & S_BYTES)
				unsupported(c, line, "bytes literal");
			{
				char q = s[j];
				int triple = j + 2 < n && s[j + 1] == q && s[j + 2] == q;
				size_t body = j + (triple ? 3 : 1), k = body;
				int sline = line;
				for (;;) {
					if (k >= n)
						fail_at(c, sline, col, "unterminated string literal");
					if (s[k] == '\\' && k + 1 < n) {
						if (s[k + 1] == '\n') {
							line++;
							bol = k + 2;
						}
						k += 2;
						continue;
					}
					if (s[k] == '\n') {
						if (!triple)
							fail_at(c, sline, col, "unterminated string literal");
						line++;
						bol = k + 1;
					}
					if (s[k] == q && (!triple || (k + 2 < n && s[k + 1] == q &&
								     s[k + 2] == q)))
						break;
					k++;
				}
				if ((flags & (S_RAW | S_F)) == 0) {
					size_t dl;
					const char *d = decode_escapes(c, s + body, k - body, sline, &dl);
					push_tok(c, T_STR, sline, col, d, dl, flags);
				} else {
					push_tok(c, T_STR, sline, col, s + body, k - body, flags);
				}
				i = k + (triple ? 3 : 1);
			}
		} else if ((ch >= '0' && ch <= '9') || (ch == '.' && i + 1 < n && s[i + 1] >= '0' &&
							  s[i + 1] <= '9')) {
			size_t j = i;
			while (j < n && (is_id_char((unsigned char)s[j]) || s[j] == '.' ||
					 ((s[j] == '+' || s[j] == '-') && (s[j - 1] | 0x20) == 'e' &&
					  !(s[i] == '0' && i + 1 < n && (s[i + 1] | 0x20) == 'x'))))
				j++;
			push_tok(c, T_NUM, line, col, s + i, j - i, 0);
			i = j;
		} else {
			const char *const *o;
			size_t len = 1;
			for (o = ops3; *o; o++)
				if (i + 3 <= n && memcmp(s + i, *o, 3) == 0)
					len = 3;
			if (len == 1)
				for (o = ops2; *o; o++)
					if (i + 2 <= n && memcmp(s + i, *o, 2) == 0)
						len = 2;
			if (len == 1 && !strchr("()[]{}:,;.+-*/%<>=!&|^~@", ch))
				fail_at(c, line, col, "invalid character '%c' in package.py", ch);
			if (len == 1 && ch == '!')
				fail_at(c, line, col, "invalid syntax");
			if (len == 1 && strchr("([{", ch)) {
				if (++nest > MAX_NEST)
					fail_at(c, line, col, "too many nested parentheses");
			} else if (len == 1 && strchr(")]}", ch)) {
				if (nest == 0)
					fail_at(c, line, col, "unmatched '%c'", ch);
				nest--;
			}
			push_tok(c, T_OP, line, col, s + i, len, 0);
			i += len;
		}
	}
	if (nest)
		fail_at(c, line, 0, "unexpected end of file (unclosed bracket)");
	if (c->nt && c->t[c->nt - 1].type != T_NEWLINE && c->t[c->nt - 1].type != T_DEDENT &&
	    c->t[c->nt - 1].type != T_INDENT)
		push_tok(c, T_NEWLINE, line, 1, s + n, 0, 0);
	while (ni > 0) {
		ni--;
		push_tok(c, T_DEDENT, line, 1, s + n, 0, 0);
	}
	push_tok(c, T_EOF, line, 1, s + n, 0, 0);
}

/* ---- token helpers ---- */

static struct tok *cur(struct ctx *c) { return &c->t[c->p]; }
static struct tok *peek(struct ctx *c, size_t k)
{
	return c->p + k < c->nt ? &c->t[c->p + k] : &c->t[c->nt - 1];
}

static int tok_is(const struct tok *t, int type, const char *s)
{
	return t->type == type && (!s || (strlen(s) == t->len && memcmp(t->s, s, t->len) == 0));
}

static int is_op(struct ctx *c, const char *s) { return tok_is(cur(c), T_OP, s); }
static int is_kw(struct ctx *c, const char *s) { return tok_is(cur(c), T_NAME, s); }

static void syntax(struct ctx *c, const char *what) RT_NORETURN;
static void syntax(struct ctx *c, const char *what)
{
	struct tok *t = cur(c);
	const char *found = t->type == T_NEWLINE ? "end of line" : t->type == T_EOF ? "end of file"
		: t->type == T_INDENT ? "indent" : t->type == T_DEDENT ? "dedent" : NULL;
	if (found)
		fail_at(c, t->line, t->col, "invalid syntax: expected %s, found %s", what, found);
	fail_at(c, t->line, t->col, "invalid syntax: expected %s, found '%.*s'", what,
		t->type == T_STR ? 3 : (int)(t->len > 40 ? 40 : t->len),
		t->type == T_STR ? "str" : t->s);
	abort();
}

static void expect_op(struct ctx *c, const char *s)
{
	if (!is_op(c, s))
		syntax(c, afmt(c, "'%s'", s));
	c->p++;
}

static int accept_op(struct ctx *c, const char *s)
{
	if (is_op(c, s)) {
		c->p++;
		return 1;
	}
	return 0;
}

static int accept_kw(struct ctx *c, const char *s)
{
	if (is_kw(c, s)) {
		c->p++;
		return 1;
	}
	return 0;
}

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
	"try", "while", "with", "yield", NULL
};

static int is_py_keyword(const struct tok *t)
{
	if (t->type != T_NAME)
		return 0;
	for (const char *const *k = py_keywords; *k; k++)
		if (tok_is(t, T_NAME, *k))
			return 1;
	return 0;
}

static const char *name_tok(struct ctx *c)
{
	struct tok *t = cur(c);
	if (t->type != T_NAME || is_py_keyword(t))
		syntax(c, "a name");
	for (size_t i = 0; i < t->len; i++)
		if ((unsigned char)t->s[i] >= 0x80)
			unsupported(c, t->line, "non-ASCII identifier");
	c->p++;
	return adup(c, t->s, t->len);
}

/* ---- names ---- */

static const char *const lua_keywords[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
	"in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
	NULL
};

static int is_lua_keyword(const char *s)
{
	for (const char *const *k = lua_keywords; *k; k++)
		if (rt_streq(*k, s))
			return 1;
	return 0;
}

static int in_list(const char *const *v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (rt_streq(v[i], s))
			return 1;
	return 0;
}

/* Name lists live in the arena, so an error (a longjmp) leaks nothing. */
static void add_name_in(struct ctx *c, const char ***v, int *n, int *cap, const char *s)
{
	if (in_list(*v, *n, s))
		return;
	if (*n >= *cap) {
		int ncap = *cap ? *cap * 2 : 16;
		const char **nv = amalloc(c, sizeof(char *) * (size_t)ncap);
		if (*n)
			memcpy(nv, *v, sizeof(char *) * (size_t)*n);
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = s;
}

#define add_name(v, n, cap, s) add_name_in(c, v, n, cap, s)

/* The Lua spelling of a local Python name. */
static const char *local_name(struct ctx *c, const char *s)
{
	if (is_lua_keyword(s) || rt_starts_with(s, "_py") || rt_streq(s, "_ENV"))
		return cat(c, "_py_u_", s, NULL);
	return s;
}

/* The Lua spelling of a global name (in the definition's environment or rex's). */
static const char *global_ref(struct ctx *c, const char *s)
{
	if (is_lua_keyword(s) || rt_streq(s, "_ENV"))
		return cat(c, "_ENV[\"", s, "\"]", NULL);
	return s;
}

static const char *const builtins[] = {
	"len", "str", "int", "float", "bool", "list", "dict", "tuple", "set", "range",
	"enumerate", "zip", "sorted", "reversed", "any", "all", "isinstance", "min", "max",
	"sum", "abs", "round", "map", "filter", "repr", "hasattr", "getattr", "print", "type",
	"basestring", "unicode", "object", "iter", "next", "chr", "ord", "divmod", "hex", "oct",
	"bin", "callable", "frozenset", "Exception", "ValueError", "TypeError", "KeyError",
	"IndexError", "AttributeError", "ImportError", "ModuleNotFoundError", "RuntimeError",
	"OSError", "IOError", "EnvironmentError", "NameError", "NotImplementedError",
	"AssertionError", "StopIteration", "ZeroDivisionError", "LookupError", "SystemError",
	"InvalidPackageError", "PackageMetadataError", "expand_requires", "expand_requirement",
	"scope", "long", "ModifyList", NULL
};

static int is_builtin(const char *s)
{
	for (const char *const *b = builtins; *b; b++)
		if (rt_streq(*b, s))
			return 1;
	return 0;
}

static int is_local(struct scope *sc, const char *s)
{
	return !sc->is_module && in_list(sc->locals, sc->n_locals, s) &&
	       !in_list(sc->globals, sc->n_globals, s);
}

/* A Python name read in the current scope, as Lua code. */
static const char *name_ref(struct ctx *c, const char *s)
{
	struct scope *sc;
	if (c->sc->scope_var) {
		if (rt_streq(s, c->sc->scope_var))
			return c->sc->scope_tmp;
		if (in_list(c->sc->scope_names, c->sc->n_scope_names, s))
			return cat(c, c->sc->scope_tmp, "[\"", s, "\"]", NULL);
	}
	for (sc = c->sc; sc; sc = sc->up) {
		if (in_list(sc->globals, sc->n_globals, s))
			break;
		if (in_list(sc->locals, sc->n_locals, s))
			return local_name(c, s);
	}
	if (rt_streq(s, "ModifyList") && !in_list(c->modnames, c->n_modnames, s))
		unsupported(c, c->t[c->p > 0 ? c->p - 1 : 0].line, "ModifyList");
	if (!in_list(c->modnames, c->n_modnames, s) && is_builtin(s))
		return cat(c, "_py.", s, NULL);
	if (rt_streq(s, "__name__"))
		return "\"__main__\"";
	if (rt_streq(s, "__file__"))
		unsupported(c, cur(c)->line, "__file__");

	return global_ref(c, s);
}

/* ---- output ---- */

/* The indentation of source line `line` (convert mode: comments keep their place). */
static size_t line_indent(struct ctx *c, int line, const char **at)
{
	const char *p = c->src, *end = c->src + c->len;
	size_t w = 0;
	for (int l = 1; l < line && p < end; p++)
		if (*p == '\n')
			l++;
	*at = p;
	while (p + w < end && (p[w] == ' ' || p[w] == '\t'))
		w++;
	return w;
}

static void sync(struct ctx *c, int line)
{
	while (c->out_line < line) {
		if (c->convert && c->out_line < c->n_comment_lines && c->comments[c->out_line]) {
			const char *txt = c->comments[c->out_line];
			size_t k = c->out->len;
			while (k && (c->out->buf[k - 1] == ' ' || c->out->buf[k - 1] == '\t'))
				k--;
			if (k < c->out->len && (k == 0 || c->out->buf[k - 1] == '\n')) {
				/* only indentation so far */
			} else if (c->out->len == 0 || c->out->buf[c->out->len - 1] == '\n') {
				const char *at;
				size_t w = line_indent(c, c->out_line, &at);
				rt_buf_add(c->out, at, w);
			} else {
				rt_buf_addch(c->out, ' ');
			}
			/* "--[" would open a long comment */
			rt_buf_adds(c->out, txt[0] == '[' ? "-- " : "--");
			rt_buf_adds(c->out, txt);
		}
		if (c->convert)
			while (c->out->len && c->out->buf[c->out->len - 1] == ' ')
				rt_buf_setlen(c->out, c->out->len - 1);
		rt_buf_addch(c->out, '\n');
		c->out_line++;
		if (c->convert && c->out_line == line) {
			/* code written next keeps its line's indentation */
			const char *at;
			size_t w = line_indent(c, line, &at);
			rt_buf_add(c->out, at, w);
		}
	}
}

static void emit(struct ctx *c, const char *s)
{
	rt_buf_adds(c->out, s);
}

#define PY_REQUIRE "local _py = require(\"rez.py\"); "

/* Inserts s into the output at offset at. */
static void insert_out(struct ctx *c, size_t at, const char *s)
{
	size_t dl = strlen(s);
	rt_buf_grow(c->out, dl);
	memmove(c->out->buf + at + dl, c->out->buf + at, c->out->len - at);
	memcpy(c->out->buf + at, s, dl);
	rt_buf_setlen(c->out, c->out->len + dl);
}

/* convert mode: does code outside the module-level functions use _py? */
static int module_uses_py(struct ctx *c)
{
	size_t i = 0;
	for (int r = 0; r <= c->n_fn_ranges; r++) {
		size_t end = r < c->n_fn_ranges ? c->fn_ranges[r][0] : c->out->len;
		for (; i + 4 <= end; i++)
			if (memcmp(c->out->buf + i, "_py.", 4) == 0)
				return 1;
		if (r < c->n_fn_ranges)
			i = c->fn_ranges[r][1];
	}
	return 0;
}

/* Does the output from offset `from` on contain s? */
static int find_in_out(struct ctx *c, size_t from, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = from; i + n <= c->out->len; i++)
		if (memcmp(c->out->buf + i, s, n) == 0)
			return 1;
	return 0;
}

static const char *tmpname(struct ctx *c)
{
	return afmt(c, "_py_t%d", ++c->tmp);
}

/* Lua string literal for s[0..n). */
static const char *lua_str(struct ctx *c, const char *s, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;
	char *r;
	rt_buf_addch(&b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			rt_buf_addf(&b, "\\%c", ch);
		else if (ch == '\n')
			rt_buf_adds(&b, "\\n");
		else if (ch < 32 || ch == 127)
			rt_buf_addf(&b, "\\%03d", ch);
		else
			rt_buf_addch(&b, ch);
	}
	rt_buf_addch(&b, '"');
	r = adup(c, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* ---- expressions ---- */

enum { K_VAL, K_BOOL, K_AND, K_OR, K_NOT, K_STR, K_CALL };

struct ex {
	int kind;
	const char *code;          /* K_VAL/K_BOOL/K_STR/K_CALL */
	struct ex *a, *b;          /* K_AND/K_OR/K_NOT */
	const char *str;           /* K_STR: the decoded literal */
	size_t slen;
};

static struct ex *mk(struct ctx *c, int kind, const char *code)
{
	struct ex *e = amalloc(c, sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->code = code;
	return e;
}

static const char *val(struct ctx *c, struct ex *e);

static int is_rex_name(struct ctx *c, const char *nm);

/* The expression as a Lua boolean condition. */
static const char *cond_of(struct ctx *c, struct ex *e)
{
	switch (e->kind) {
	case K_AND: return cat(c, "(", cond_of(c, e->a), " and ", cond_of(c, e->b), ")", NULL);
	case K_OR: return cat(c, "(", cond_of(c, e->a), " or ", cond_of(c, e->b), ")", NULL);
	case K_NOT: return cat(c, "(not ", cond_of(c, e->a), ")", NULL);
	case K_BOOL: return e->code;
	case K_STR: return e->slen ? "true" : "false";
	default:
		/* rex's building and testing are booleans */
		if (c->convert && (rt_streq(e->code, "building") || rt_streq(e->code, "testing")) &&
		    is_rex_name(c, e->code))
			return e->code;
		return cat(c, "_py.truth(", e->code, ")", NULL);
	}
}

static int is_boolish(struct ex *e)
{
	return e->kind == K_BOOL || e->kind == K_NOT ||
	       ((e->kind == K_AND || e->kind == K_OR) && is_boolish(e->a) && is_boolish(e->b));
}

/* The expression as a Lua value with Python's value (and/or return an operand). */
static const char *val(struct ctx *c, struct ex *e)
{
	if (is_boolish(e))
		return e->kind == K_BOOL ? e->code : cond_of(c, e);
	switch (e->kind) {
	case K_OR:
		/* T(x) is x when truthy, else nil: a truthy Python value is never nil/false. */
		return cat(c, "(_py.T(", val(c, e->a), ") or ", val(c, e->b), ")", NULL);
	case K_AND:
		/* When T(a) fails, _py.last() is a's value, stashed by T. */
		return cat(c, "(_py.T(", val(c, e->a), ") and {", val(c, e->b),
			   "} or {_py.last()})[1]", NULL);
	default:
		return e->code;
	}
}

static struct ex *test(struct ctx *c);
static struct ex *or_test(struct ctx *c);
static struct ex *bitor_expr(struct ctx *c);
static struct ex *factor(struct ctx *c);
static const char *suite_lambda_body(struct ctx *c);

static void enter(struct ctx *c)
{
	if (++c->depth > MAX_NEST)
		fail_at(c, cur(c)->line, cur(c)->col, "expression nested too deeply");
}

static void leave(struct ctx *c) { c->depth--; }

/* Numeric literal to Lua. */
static const char *number(struct ctx *c, struct tok *t)
{
	char buf[128];
	size_t k = 0;
	int isfloat = 0, base = 10;
	if (t->len >= sizeof(buf))
		fail_at(c, t->line, t->col, "number literal too long");
	for (size_t i = 0; i < t->len; i++)
		if (t->s[i] != '_')
			buf[k++] = t->s[i];
	buf[k] = 0;
	if (k > 1 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
		base = strchr("xX", buf[1]) ? 16 : strchr("oO", buf[1]) ? 8 : 2;
	} else {
		if (buf[k - 1] == 'j' || buf[k - 1] == 'J')
			unsupported(c, t->line, "complex number");
		isfloat = strpbrk(buf, ".eE") != NULL;
	}
	if (isfloat) {
		char *end;
		double d;
		errno = 0;
		d = strtod(buf, &end);
		if (*end)
			fail_at(c, t->line, t->col, "invalid number literal '%s'", buf);
		(void)d;
		return afmt(c, "%.17g%s", d, strpbrk(afmt(c, "%.17g", d), ".eEni") ? "" : ".0");
	} else {
		char *end;
		unsigned long long v;
		errno = 0;
		v = strtoull(base == 10 ? buf : buf + 2, &end, base);
		if (*end || (base == 10 && k > 1 && buf[0] == '0' && v != 0))
			fail_at(c, t->line, t->col, "invalid number literal '%s'", buf);
		if (errno == ERANGE || v > (unsigned long long)INT64_MAX)
			unsupported(c, t->line, "integer larger than 64 bits");
		return afmt(c, "%llu", v);
	}
}

static struct ex *fstring(struct ctx *c, struct tok *t);

/* Adjacent string literals joined; f-strings become a concatenation. */
static struct ex *strings(struct ctx *c)
{
	struct rt_buf lit = RT_BUF_INIT;
	const char *code = NULL;
	int any_f = 0;
	while (cur(c)->type == T_STR) {
		struct tok *t = cur(c);
		c->p++;
		if (t->flags & S_F) {
			struct ex *f;
			const char *part;
			any_f = 1;
			part = lit.len ? lua_str(c, lit.buf, lit.len) : NULL;
			rt_buf_release(&lit);   /* fstring() may longjmp: hold nothing outside the arena */
			f = fstring(c, t);
			if (part)
				code = code ? cat(c, code, " .. ", part, NULL) : part;
			code = code ? cat(c, code, " .. ", f->code, NULL) : f->code;
		} else {
			rt_buf_add(&lit, t->s, t->len);
		}
	}
	if (!any_f) {
		struct ex *e = mk(c, K_STR, lua_str(c, lit.buf, lit.len));
		e->str = adup(c, lit.buf, lit.len);
		e->slen = lit.len;
		rt_buf_release(&lit);
		return e;
	}
	if (lit.len)
		code = cat(c, code, " .. ", lua_str(c, lit.buf, lit.len), NULL);
	rt_buf_release(&lit);
	return mk(c, K_VAL, cat(c, "(", code, ")", NULL));
}

/* Parses an expression from a piece of text (an f-string field) with a sub-tokenizer. */
static struct ex *sub_expr(struct ctx *c, const char *s, size_t n, int line)
{
	struct ctx sub;
	struct ex *e;
	struct tok *saved_t = c->t;
	size_t saved_nt = c->nt, saved_ct = c->ct, saved_p = c->p;
	char *text;
	memset(&sub, 0, sizeof(sub));
	if (c->n_outer >= MAX_NEST)
		fail_at(c, line, 0, "f-strings nested too deeply");
	c->outer_t[c->n_outer++] = saved_t;
	/* Wrap in parentheses so newlines inside are joined, as Python does. */
	text = amalloc(c, n + 3);
	text[0] = '(';
	memcpy(text + 1, s, n);
	text[n + 1] = ')';
	text[n + 2] = 0;
	c->t = NULL;
	c->nt = c->ct = c->p = 0;
	{
		const char *osrc = c->src;
		size_t olen = c->len;
		c->src = text;
		c->len = n + 2;
		tokenize(c);
		c->src = osrc;
		c->len = olen;
	}
	for (size_t i = 0; i < c->nt; i++)
		c->t[i].line = line;
	e = test(c);
	if (cur(c)->type != T_NEWLINE)
		syntax(c, "'}' after an f-string expression");
	free(c->t);
	c->n_outer--;
	c->t = saved_t;
	c->nt = saved_nt;
	c->ct = saved_ct;
	c->p = saved_p;
	return e;
}

static struct ex *fstring(struct ctx *c, struct tok *t)
{
	const char *s = t->s;
	size_t n = t->len, i = 0;
	struct rt_buf lit = RT_BUF_INIT;
	const char *code = "\"\"";
	int parts = 0;
	while (i <= n) {
		if (i == n || s[i] == '{' || s[i] == '}') {
			if (i < n && i + 1 < n && s[i + 1] == s[i]) {
				rt_buf_addch(&lit, s[i]);
				i += 2;
				continue;
			}
			if (lit.len) {
				/* moved to the arena first: the decoder and the field's expression
				 * may longjmp out, and nothing outside the arena may be held then */
				size_t dl = lit.len;
				const char *d = adup(c, lit.buf, lit.len);
				rt_buf_release(&lit);
				if (!(t->flags & S_RAW))
					d = decode_escapes(c, d, dl, t->line, &dl);
				code = parts++ ? cat(c, code, " .. ", lua_str(c, d, dl), NULL)
					: lua_str(c, d, dl);
			}
			if (i == n)
				break;
			if (s[i] == '}') {
				rt_buf_release(&lit);
				fail_at(c, t->line, t->col, "f-string: single '}' is not allowed");
			}
			{
				size_t j = ++i, e_end, conv_at = 0, spec_at = 0;
				int depth = 0;
				char q = 0;
				struct ex *e;
				const char *conv = "nil", *spec = "nil";
				for (; j < n; j++) {
					if (q) {
						if (s[j] == q)
							q = 0;
						continue;
					}
					if (s[j] == '\'' || s[j] == '"')
						q = s[j];
					else if (strchr("([{", s[j]))
						depth++;
					else if (strchr(")]", s[j]) || (s[j] == '}' && depth > 0))
						depth--;
					else if (depth == 0 && s[j] == '!' && j + 1 < n && s[j + 1] != '=' && !conv_at && !spec_at)
						conv_at = j;
					else if (depth == 0 && s[j] == ':' && !spec_at)
						spec_at = j;
					else if (depth == 0 && s[j] == '}')
						break;
				}
				if (j >= n) {
					rt_buf_release(&lit);
					fail_at(c, t->line, t->col, "f-string: expecting '}'");
				}
				e_end = conv_at ? conv_at : spec_at ? spec_at : j;
				if (e_end > i && s[e_end - 1] == '=' && (e_end < 2 || !strchr("=!<>", s[e_end - 2]))) {
					rt_buf_release(&lit);
					unsupported(c, t->line, "f-string '=' specifier");
				}
				e = sub_expr(c, s + i, e_end - i, t->line);
				if (conv_at)
					conv = lua_str(c, s + conv_at + 1, (spec_at ? spec_at : j) - conv_at - 1);
				if (spec_at) {
					if (memchr(s + spec_at, '{', j - spec_at)) {
						rt_buf_release(&lit);
						unsupported(c, t->line, "nested f-string format field");
					}
					spec = lua_str(c, s + spec_at + 1, j - spec_at - 1);
				}
				{
					const char *f = cat(c, "_py.fmtfield(", val(c, e), ", ", conv, ", ", spec, ")", NULL);
					code = parts++ ? cat(c, code, " .. ", f, NULL) : f;
				}
				i = j + 1;
			}
		} else {
			rt_buf_addch(&lit, s[i]);
			i++;
		}
	}
	rt_buf_release(&lit);
	return mk(c, K_VAL, parts > 1 ? cat(c, "(", code, ")", NULL) : code);
}

/* ---- calls ---- */

struct args {
	const char *pos;           /* comma-separated positional codes */
	const char **kwnames;
	const char **kwvals;
	int n_pos, n_kw;
	const char *star;          /* *x */
};

static const char *comprehension(struct ctx *c, const char *kind, const char *elem,
				 const char *elem2);

static void parse_args(struct ctx *c, struct args *a, struct ex *first_gen_target, int *is_gen)
{
	(void)first_gen_target;
	memset(a, 0, sizeof(*a));
	a->pos = "";
	*is_gen = 0;
	while (!is_op(c, ")")) {
		if (accept_op(c, "**"))
			unsupported(c, cur(c)->line, "**kwargs in a call");
		if (accept_op(c, "*")) {
			a->star = val(c, test(c));
		} else if (cur(c)->type == T_NAME && tok_is(peek(c, 1), T_OP, "=")) {
			const char *k = name_tok(c);
			c->p++;
			{
				const char **nn = amalloc(c, sizeof(char *) * (size_t)(a->n_kw + 1));
				const char **nv = amalloc(c, sizeof(char *) * (size_t)(a->n_kw + 1));
				if (a->n_kw) {
					memcpy(nn, a->kwnames, sizeof(char *) * (size_t)a->n_kw);
					memcpy(nv, a->kwvals, sizeof(char *) * (size_t)a->n_kw);
				}
				nn[a->n_kw] = k;
				nv[a->n_kw] = val(c, test(c));
				a->kwnames = nn;
				a->kwvals = nv;
				a->n_kw++;
			}
		} else {
			struct ex *e;
			if (a->star || a->n_kw)
				syntax(c, "')' (positional argument after keyword or * argument)");
			e = test(c);
			if (is_kw(c, "for") && a->n_pos == 0) {
				/* f(x for x in y): a generator argument, read as a list */
				a->pos = comprehension(c, "list", NULL, NULL);
				a->n_pos = 1;
				*is_gen = 1;
				break;
			}
			a->pos = a->n_pos ? cat(c, a->pos, ", ", val(c, e), NULL) : val(c, e);
			a->n_pos++;
		}
		if (!accept_op(c, ","))
			break;
	}
}

static const char *kw_table(struct ctx *c, struct args *a)
{
	const char *r = "_py.kw({";
	for (int i = 0; i < a->n_kw; i++)
		r = cat(c, r, i ? ", " : "", lua_str(c, a->kwnames[i], strlen(a->kwnames[i])), ", ",
			a->kwvals[i], NULL);
	return cat(c, r, "})", NULL);
}

static struct fsig *find_sig(struct ctx *c, const char *name)
{
	for (struct scope *sc = c->sc; sc; sc = sc->up)
		for (struct fsig *f = sc->sigs; f; f = f->next)
			if (rt_streq(f->name, name))
				return f;
	return NULL;
}

/* Argument list text for a call: positional, then keywords. `sig`: a known def. */
static const char *arg_text(struct ctx *c, struct args *a, struct fsig *sig, int line)
{
	const char *r = a->pos;
	if (a->n_kw && sig) {
		/* Keywords matched to the def's parameters at translation time. */
		int n = a->n_pos > sig->n_params ? a->n_pos : sig->n_params;
		const char **slot = amalloc(c, sizeof(char *) * (size_t)(n + 1));
		int last = a->n_pos - 1;
		for (int i = 0; i < n; i++)
			slot[i] = NULL;
		for (int k = 0; k < a->n_kw; k++) {
			int found = -1;
			for (int i = 0; i < sig->n_params; i++)
				if (rt_streq(sig->params[i], a->kwnames[k]))
					found = i;
			if (found < a->n_pos)
				fail_at(c, line, 0, "%s() got an unexpected or repeated keyword argument '%s'",
					sig->name, a->kwnames[k]);
			slot[found] = a->kwvals[k];
			if (found > last)
				last = found;
		}
		for (int i = a->n_pos; i <= last; i++)
			r = cat(c, r, i ? ", " : "", slot[i] ? slot[i] : "nil", NULL);
	} else if (a->n_kw) {
		r = cat(c, r, a->n_pos ? ", " : "", kw_table(c, a), NULL);
	}
	if (a->star) {
		if (a->n_kw)
			unsupported(c, line, "*args together with keyword arguments");
		r = cat(c, r, *r ? ", " : "", "_py.unpack_all(", a->star, ")", NULL);
	}
	return r;
}

static const char *comprehension(struct ctx *c, const char *kind, const char *elem,
				 const char *elem2);

/* ---- atoms and trailers ---- */

static struct ex *atom(struct ctx *c)
{
	struct tok *t = cur(c);
	if (t->type == T_STR)
		return strings(c);
	if (t->type == T_NUM) {
		c->p++;
		return mk(c, K_VAL, number(c, t));
	}
	if (t->type == T_NAME) {
		if (accept_kw(c, "True"))
			return mk(c, K_BOOL, "true");
		if (accept_kw(c, "False"))
			return mk(c, K_BOOL, "false");
		if (accept_kw(c, "None"))
			return mk(c, K_VAL, "nil");
		if (is_kw(c, "yield"))
			unsupported(c, t->line, "yield (generator)");
		if (is_kw(c, "await"))
			unsupported(c, t->line, "await");
		return mk(c, K_VAL, name_ref(c, name_tok(c)));
	}
	if (accept_op(c, "(")) {
		struct ex *e;
		const char *items = "";
		int n = 0, comma = 0;
		if (accept_op(c, ")"))
			return mk(c, K_VAL, "_py.Tu({}, 0)");
		e = test(c);
		if (is_kw(c, "for"))
			unsupported(c, t->line, "generator expression");
		if (!is_op(c, ",")) {
			expect_op(c, ")");
			return e;
		}
		items = val(c, e);
		n = 1;
		while (accept_op(c, ",")) {
			comma = 1;
			if (is_op(c, ")"))
				break;
			items = cat(c, items, ", ", val(c, test(c)), NULL);
			n++;
		}
		(void)comma;
		expect_op(c, ")");
		return mk(c, K_VAL, cat(c, "_py.Tu({", items, "}, ", afmt(c, "%d", n), ")", NULL));
	}
	if (accept_op(c, "[")) {
		struct ex *e;
		const char *items;
		int n = 1;
		if (accept_op(c, "]"))
			return mk(c, K_VAL, "_py.L({}, 0)");
		if (accept_op(c, "*"))
			unsupported(c, t->line, "* unpacking in a list display");
		e = test(c);
		if (is_kw(c, "for")) {
			const char *r = comprehension(c, "list", val(c, e), NULL);
			expect_op(c, "]");
			return mk(c, K_VAL, r);
		}
		items = val(c, e);
		while (accept_op(c, ",")) {
			if (is_op(c, "]"))
				break;
			if (is_op(c, "*"))
				unsupported(c, t->line, "* unpacking in a list display");
			items = cat(c, items, ", ", val(c, test(c)), NULL);
			n++;
		}
		expect_op(c, "]");
		return mk(c, K_VAL, cat(c, "_py.L({", items, "}, ", afmt(c, "%d", n), ")", NULL));
	}
	if (accept_op(c, "{")) {
		const char *items = "";
		struct ex *k;
		int n = 0;
		if (accept_op(c, "}"))
			return mk(c, K_VAL, "_py.D({}, 0)");
		if (is_op(c, "**"))
			unsupported(c, t->line, "** unpacking in a dict display");
		k = test(c);
		if (!is_op(c, ":")) {
			if (is_kw(c, "for")) {
				const char *r = comprehension(c, "set", val(c, k), NULL);
				expect_op(c, "}");
				return mk(c, K_VAL, r);
			}
			items = val(c, k);
			n = 1;
			while (accept_op(c, ",")) {
				if (is_op(c, "}"))
					break;
				items = cat(c, items, ", ", val(c, test(c)), NULL);
				n++;
			}
			expect_op(c, "}");
			return mk(c, K_VAL, cat(c, "_py.S({", items, "}, ", afmt(c, "%d", n), ")", NULL));
		}
		for (;;) {
			struct ex *v;
			if (n) {
				if (is_op(c, "**"))
					unsupported(c, t->line, "** unpacking in a dict display");
				k = test(c);
			}
			expect_op(c, ":");
			v = test(c);
			if (!n && is_kw(c, "for")) {
				const char *r = comprehension(c, "dict", val(c, k), val(c, v));
				expect_op(c, "}");
				return mk(c, K_VAL, r);
			}
			items = cat(c, items, n ? ", " : "", val(c, k), ", ", val(c, v), NULL);
			n++;
			if (!accept_op(c, ","))
				break;
			if (is_op(c, "}"))
				break;
		}
		expect_op(c, "}");
		return mk(c, K_VAL, cat(c, "_py.D({", items, "}, ", afmt(c, "%d", n * 2), ")", NULL));
	}
	if (is_op(c, "..."))
		unsupported(c, t->line, "Ellipsis");
	syntax(c, "an expression");
	return NULL;
}

/* Subscript or slice inside [ ]; returns the code of a full getitem/slice on obj. */
static const char *subscript(struct ctx *c, const char *obj, int *is_slice, const char **key)
{
	const char *parts[3] = { "nil", "nil", "nil" };
	int i = 0;
	*is_slice = 0;
	if (!is_op(c, ":")) {
		struct ex *e = test(c);
		if (!is_op(c, ":")) {
			const char *k = val(c, e);
			if (is_op(c, ",")) {
				/* d[a, b]: a tuple key */
				const char *items = k;
				int n = 1;
				while (accept_op(c, ",")) {
					if (is_op(c, "]"))
						break;
					items = cat(c, items, ", ", val(c, test(c)), NULL);
					n++;
				}
				k = cat(c, "_py.Tu({", items, "}, ", afmt(c, "%d", n), ")", NULL);
			}
			expect_op(c, "]");
			*key = k;
			return cat(c, "_py.getitem(", obj, ", ", k, ")", NULL);
		}
		parts[0] = val(c, e);
	}
	*is_slice = 1;
	while (accept_op(c, ":")) {
		if (++i > 2)
			syntax(c, "']'");
		if (!is_op(c, ":") && !is_op(c, "]"))
			parts[i] = val(c, test(c));
	}
	expect_op(c, "]");
	return cat(c, "_py.slice(", obj, ", ", parts[0], ", ", parts[1], ", ", parts[2], ")", NULL);
}

/* A primary with its trailers. If `target` is set, the last trailer is returned unapplied
 * through it (for assignment targets): kind 'a' attribute, 'i' item. */
struct target {
	int kind;                  /* 'n' name, 'a' attribute, 'i' item, 's' slice */
	const char *obj, *key;     /* 'a': obj.key (key is the name); 'i': obj[key] */
	const char *name;          /* 'n': the Python name */
	int rex_env;               /* 'a' on rex's own env (convert mode: env.X = v) */
};

/* Is `nm` here rex's own binding (env, building...), not a local, a parameter or an
 * attribute of the package? */
static int is_rex_name(struct ctx *c, const char *nm)
{
	struct scope *sc;
	if (c->sc->is_module || in_list(c->modnames, c->n_modnames, nm))
		return 0;
	for (sc = c->sc; sc; sc = sc->up) {
		if (in_list(sc->globals, sc->n_globals, nm))
			return 1;
		if (in_list(sc->locals, sc->n_locals, nm))
			return 0;
	}
	return 1;
}

static int is_rex_var_method(const char *m)
{
	static const char *const methods[] = {
		"set", "append", "prepend", "reset", "unset", "get", "setdefault", "value", NULL
	};
	for (const char *const *p = methods; *p; p++)
		if (rt_streq(*p, m))
			return 1;
	return 0;
}

static struct ex *primary(struct ctx *c, struct target *tg)
{
	struct tok *t0 = cur(c);
	struct ex *e;
	const char *pyname = NULL;
	int n_trailers = 0;
	int env_obj, env_var = 0;   /* convert mode: rex's env / one of its variables */
	if (t0->type == T_NAME && !is_py_keyword(t0))
		pyname = adup(c, t0->s, t0->len);
	env_obj = c->convert && pyname && rt_streq(pyname, "env") && is_rex_name(c, "env");
	e = atom(c);
	if (tg) {
		tg->kind = pyname ? 'n' : 0;
		tg->name = pyname;
		tg->rex_env = 0;
	}
	for (;;) {
		struct tok *t = cur(c);
		if (accept_op(c, ".")) {
			const char *attr = name_tok(c);
			const char *obj = val(c, e);
			const char *field = is_lua_keyword(attr) ? cat(c, "[\"", attr, "\"]", NULL)
				: cat(c, ".", attr, NULL);
			if (is_op(c, "(")) {
				struct args a;
				int gen;
				c->p++;
				parse_args(c, &a, NULL, &gen);
				expect_op(c, ")");
				if (env_var && n_trailers == 1 && !a.n_kw && !a.star &&
				    is_rex_var_method(attr))
					/* rex variable methods take self or not: the same call */
					e = mk(c, K_CALL, cat(c, obj, ":", attr, "(",
							      arg_text(c, &a, NULL, t->line), ")", NULL));
				else
					e = mk(c, K_CALL, cat(c, "_py.m(", obj, ", ", lua_str(c, attr, strlen(attr)),
							      *a.pos || a.n_kw || a.star ? ", " : "",
							      arg_text(c, &a, NULL, t->line), ")", NULL));
				if (tg)
					tg->kind = 0;
			} else {
				if (tg) {
					tg->kind = 'a';
					tg->obj = obj;
					tg->key = attr;
					tg->rex_env = env_obj && n_trailers == 0 && !is_lua_keyword(attr);
				}
				if (env_obj && n_trailers == 0 && !is_lua_keyword(attr)) {
					/* an attribute of rex's env is its variable, never missing */
					e = mk(c, K_VAL, cat(c, obj, field, NULL));
					env_var = 1;
				} else {
					e = mk(c, K_VAL, cat(c, "_py.attr(", obj, ", ", lua_str(c, attr, strlen(attr)), ")", NULL));
				}
			}
		} else if (accept_op(c, "(")) {
			struct args a;
			int gen;
			const char *fn = val(c, e);
			struct fsig *sig = pyname && n_trailers == 0 ? find_sig(c, pyname) : NULL;
			if (pyname && n_trailers == 0 && (rt_streq(pyname, "exec") || rt_streq(pyname, "eval") ||
							  rt_streq(pyname, "open") || rt_streq(pyname, "compile") ||
							  rt_streq(pyname, "__import__") || rt_streq(pyname, "locals") ||
							  rt_streq(pyname, "vars") || rt_streq(pyname, "setattr") ||
							  rt_streq(pyname, "delattr") || rt_streq(pyname, "input")) &&
			    !find_sig(c, pyname) && !in_list(c->modnames, c->n_modnames, pyname) &&
			    rt_streq(fn, global_ref(c, pyname)))
				unsupported(c, t->line, afmt(c, "%s()", pyname));
			if (pyname && n_trailers == 0 && rt_streq(pyname, "globals") &&
			    rt_streq(fn, "globals")) {
				expect_op(c, ")");
				e = mk(c, K_VAL, "_ENV");
				n_trailers++;
				continue;
			}
			parse_args(c, &a, NULL, &gen);
			expect_op(c, ")");
			/* a literal called (`2()`, `"s"()`) is a TypeError when Python runs it; Lua
			 * must see a prefix expression to parse the call at all */
			if (!(fn[0] == '(' || is_id_start((unsigned char)fn[0])) ||
			    rt_streq(fn, "true") || rt_streq(fn, "false") || rt_streq(fn, "nil"))
				fn = cat(c, "(", fn, ")", NULL);
			e = mk(c, K_CALL, cat(c, fn, "(", arg_text(c, &a, sig, t->line), ")", NULL));
			if (tg)
				tg->kind = 0;
		} else if (accept_op(c, "[")) {
			int sl;
			const char *key = NULL;
			const char *obj = val(c, e);
			const char *code = subscript(c, obj, &sl, &key);
			if (tg) {
				tg->kind = sl ? 's' : 'i';
				tg->obj = obj;
				tg->key = key;
			}
			e = mk(c, K_VAL, code);
		} else {
			break;
		}
		n_trailers++;
	}
	return e;
}

static const char *suite_lambda_body(struct ctx *c)
{
	return val(c, test(c));
}

static struct ex *power(struct ctx *c)
{
	struct ex *e = primary(c, NULL);
	if (accept_op(c, "**")) {
		struct ex *r = factor(c);
		return mk(c, K_VAL, cat(c, "_py.pow(", val(c, e), ", ", val(c, r), ")", NULL));
	}
	return e;
}

static struct ex *factor(struct ctx *c)
{
	struct ex *e;
	enter(c);
	if (accept_op(c, "-")) {
		struct tok *t = cur(c);
		if (t->type == T_NUM && !tok_is(peek(c, 1), T_OP, "**") && !tok_is(peek(c, 1), T_OP, "[") &&
		    !tok_is(peek(c, 1), T_OP, ".") && !tok_is(peek(c, 1), T_OP, "(")) {
			c->p++;
			e = mk(c, K_VAL, cat(c, "(-", number(c, t), ")", NULL));
		} else {
			e = mk(c, K_VAL, cat(c, "_py.neg(", val(c, factor(c)), ")", NULL));
		}
	} else if (accept_op(c, "+")) {
		e = mk(c, K_VAL, cat(c, "_py.pos(", val(c, factor(c)), ")", NULL));
	} else if (accept_op(c, "~")) {
		e = mk(c, K_VAL, cat(c, "_py.invert(", val(c, factor(c)), ")", NULL));
	} else {
		e = power(c);
	}
	leave(c);
	return e;
}

static struct ex *binary_level(struct ctx *c, int level);

static const struct {
	const char *op, *fn;
	int level;
} binops[] = {
	{ "*", "mul", 5 }, { "/", "div", 5 }, { "//", "floordiv", 5 }, { "%", "mod", 5 },
	{ "@", "matmul", 5 },
	{ "+", "add", 4 }, { "-", "sub", 4 },
	{ "<<", "lshift", 3 }, { ">>", "rshift", 3 },
	{ "&", "band", 2 }, { "^", "bxor", 1 }, { "|", "bor", 0 },
};

static struct ex *binary_level(struct ctx *c, int level)
{
	struct ex *e;
	if (level > 5)
		return factor(c);
	e = binary_level(c, level + 1);
	for (;;) {
		const char *fn = NULL;
		for (size_t i = 0; i < RT_ARRAY_LEN(binops); i++)
			if (binops[i].level == level && is_op(c, binops[i].op)) {
				fn = binops[i].fn;
				break;
			}
		if (!fn)
			return e;
		if (rt_streq(fn, "matmul"))
			unsupported(c, cur(c)->line, "@ operator");
		c->p++;
		e = mk(c, K_VAL, cat(c, "_py.", fn, "(", val(c, e), ", ", val(c, binary_level(c, level + 1)),
				     ")", NULL));
	}
}

static struct ex *bitor_expr(struct ctx *c)
{
	return binary_level(c, 0);
}

/* One comparison between two evaluated operands. */
static const char *compare(struct ctx *c, const char *op, struct ex *l, const char *lc,
			   struct ex *r, const char *rc)
{
	int lstr = l && (l->kind == K_STR || rt_streq(lc, "nil")), rstr = r && (r->kind == K_STR || rt_streq(rc, "nil"));
	/* `x == None` is a plain nil test (string literals still go through eq: env.FOO ==
	 * "x" compares the variable's value) */
	lstr = l && rt_streq(lc, "nil");
	rstr = r && rt_streq(rc, "nil");
	if (rt_streq(op, "==") && (lstr || rstr))
		return cat(c, "(", lc, " == ", rc, ")", NULL);
	if (rt_streq(op, "!=") && (lstr || rstr))
		return cat(c, "(", lc, " ~= ", rc, ")", NULL);
	if (rt_streq(op, "=="))
		return cat(c, "_py.eq(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, "!="))
		return cat(c, "(not _py.eq(", lc, ", ", rc, "))", NULL);
	if (rt_streq(op, "<"))
		return cat(c, "_py.lt(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, "<="))
		return cat(c, "_py.le(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, ">"))
		return cat(c, "_py.gt(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, ">="))
		return cat(c, "_py.ge(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, "in"))
		return cat(c, "_py.isin(", lc, ", ", rc, ")", NULL);
	if (rt_streq(op, "not in"))
		return cat(c, "(not _py.isin(", lc, ", ", rc, "))", NULL);
	if (rt_streq(op, "is"))
		return cat(c, "_py.is_(", lc, ", ", rc, ")", NULL);
	return cat(c, "(not _py.is_(", lc, ", ", rc, "))", NULL);
}

static const char *comp_op(struct ctx *c)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=", NULL };
	for (const char *const *o = ops; *o; o++)
		if (accept_op(c, *o))
			return *o;
	if (is_op(c, "<>"))
		unsupported(c, cur(c)->line, "<> operator");
	if (accept_kw(c, "in"))
		return "in";
	if (is_kw(c, "not") && tok_is(peek(c, 1), T_NAME, "in")) {
		c->p += 2;
		return "not in";
	}
	if (accept_kw(c, "is")) {
		if (accept_kw(c, "not"))
			return "is not";
		return "is";
	}
	return NULL;
}

static struct ex *comparison(struct ctx *c)
{
	struct ex *l = bitor_expr(c), *r;
	const char *op = comp_op(c), *op2, *res;
	if (!op)
		return l;
	r = bitor_expr(c);
	op2 = comp_op(c);
	if (!op2)
		return mk(c, K_BOOL, compare(c, op, l, val(c, l), r, val(c, r)));
	{
		/* a < b < c: b evaluated once, through a temporary in a closure */
		const char *tv = tmpname(c);
		const char *body = cat(c, "local ", tv, " = ", val(c, r), "; if not ",
				       compare(c, op, l, val(c, l), NULL, tv), " then return false end; ", NULL);
		const char *prev = tv;
		op = op2;
		for (;;) {
			struct ex *n = bitor_expr(c);
			const char *nt = tmpname(c);
			op2 = comp_op(c);
			body = cat(c, body, "local ", nt, " = ", val(c, n), "; if not ",
				   compare(c, op, NULL, prev, n, nt), " then return false end; ", NULL);
			prev = nt;
			if (!op2)
				break;
			op = op2;
		}
		res = cat(c, "(function() ", body, "return true end)()", NULL);
	}
	return mk(c, K_BOOL, res);
}

static struct ex *not_test(struct ctx *c)
{
	if (accept_kw(c, "not")) {
		struct ex *e = mk(c, K_NOT, NULL);
		enter(c);
		e->a = not_test(c);
		leave(c);
		return e;
	}
	return comparison(c);
}

static struct ex *and_test(struct ctx *c)
{
	struct ex *e = not_test(c);
	while (accept_kw(c, "and")) {
		struct ex *n = mk(c, K_AND, NULL);
		n->a = e;
		n->b = not_test(c);
		e = n;
	}
	return e;
}

static struct ex *or_test(struct ctx *c)
{
	struct ex *e = and_test(c);
	while (accept_kw(c, "or")) {
		struct ex *n = mk(c, K_OR, NULL);
		n->a = e;
		n->b = and_test(c);
		e = n;
	}
	return e;
}

static void push_scope(struct ctx *c, struct scope *sc);
static void pop_scope(struct ctx *c);

static struct ex *lambda(struct ctx *c)
{
	struct scope sc;
	const char *params = "", *defaults = "", *body;
	int n = 0;
	memset(&sc, 0, sizeof(sc));
	push_scope(c, &sc);
	while (!is_op(c, ":")) {
		const char *p;
		if (is_op(c, "*") || is_op(c, "**"))
			unsupported(c, cur(c)->line, "*args in a lambda");
		p = name_tok(c);
		add_name(&sc.locals, &sc.n_locals, &sc.cap_locals, p);
		params = cat(c, params, n++ ? ", " : "", local_name(c, p), NULL);
		if (accept_op(c, "=")) {
			struct scope *keep = c->sc;
			c->sc = sc.up;
			defaults = cat(c, defaults, "if ", local_name(c, p), " == nil then ", local_name(c, p),
				       " = ", val(c, test(c)), " end; ", NULL);
			c->sc = keep;
		}
		if (!accept_op(c, ","))
			break;
	}
	expect_op(c, ":");
	body = suite_lambda_body(c);
	pop_scope(c);
	return mk(c, K_VAL, cat(c, "(function(", params, ") ", defaults, "return (", body, ") end)", NULL));
}

static struct ex *test(struct ctx *c)
{
	struct ex *e;
	enter(c);
	if (accept_kw(c, "lambda")) {
		e = lambda(c);
		leave(c);
		return e;
	}
	e = or_test(c);
	if (is_kw(c, "if") ) {
		struct ex *cd, *other;
		c->p++;
		cd = or_test(c);
		if (!accept_kw(c, "else"))
			syntax(c, "'else' in a conditional expression");
		other = test(c);
		e = mk(c, K_VAL, cat(c, "(", cond_of(c, cd), " and {", val(c, e), "} or {", val(c, other),
				     "})[1]", NULL));
	}
	if (is_op(c, ":="))
		unsupported(c, cur(c)->line, ":= (assignment expression)");
	leave(c);
	return e;
}

/* Parses a for-target list: names (possibly parenthesized tuples of names) into Lua names. */
static const char *for_target(struct ctx *c, int *count, const char ***names)
{
	const char *r = "";
	int paren = accept_op(c, "(");
	*count = 0;
	*names = amalloc(c, sizeof(char *) * 16);
	for (;;) {
		const char *n;
		if (is_op(c, "(") || is_op(c, "["))
			unsupported(c, cur(c)->line, "nested tuple unpacking");
		n = name_tok(c);
		if (*count >= 16)
			unsupported(c, cur(c)->line, "unpacking into more than 16 names");
		(*names)[(*count)++] = n;
		r = cat(c, r, *count > 1 ? ", " : "", n, NULL);
		if (!accept_op(c, ","))
			break;
		if (is_kw(c, "in") || is_op(c, ")"))
			break;
	}
	if (paren)
		expect_op(c, ")");
	return r;
}

/* [elem for ... in ... if ...] (elem already parsed: it is re-read after the loops are known,
 * since its names refer to the loop variables). */
static const char *comprehension(struct ctx *c, const char *kind, const char *elem_unused,
				 const char *elem2_unused)
{
	/* The element was parsed before the loop variables were known; parse again with them. */
	size_t elem_start, save;
	int depth = 0;
	struct scope sc;
	const char *head = "", *tail = "", *res, *elem, *elem2 = NULL;
	(void)elem_unused;
	(void)elem2_unused;
	/* Find where the element expression started: scan back to the opening bracket. */
	save = c->p;
	elem_start = c->p;
	while (elem_start > 0) {
		struct tok *t = &c->t[elem_start - 1];
		if (t->type == T_OP && t->len == 1 && strchr(")]}", t->s[0]))
			depth++;
		else if (t->type == T_OP && t->len == 1 && strchr("([{", t->s[0])) {
			if (depth == 0)
				break;
			depth--;
		}
		elem_start--;
	}
	memset(&sc, 0, sizeof(sc));
	push_scope(c, &sc);
	/* First pass over the loops: collect their variables. */
	while (is_kw(c, "for") || is_kw(c, "if")) {
		if (accept_kw(c, "for")) {
			int n;
			const char **names;
			for_target(c, &n, &names);
			for (int i = 0; i < n; i++)
				add_name(&sc.locals, &sc.n_locals, &sc.cap_locals, names[i]);
			if (!accept_kw(c, "in"))
				syntax(c, "'in'");
			or_test(c);
		} else {
			c->p++;
			or_test(c);
		}
	}
	/* Second pass: loops with the variables local. */
	c->p = save;
	while (is_kw(c, "for") || is_kw(c, "if")) {
		if (accept_kw(c, "for")) {
			int n;
			const char **names;
			const char *it, *tv = tmpname(c);
			for_target(c, &n, &names);
			if (!accept_kw(c, "in"))
				syntax(c, "'in'");
			/* The first iterable is evaluated in the enclosing scope (Python's rule). */
			it = val(c, or_test(c));
			head = cat(c, head, "for ", tv, " in _py.each(", it, ") do ", NULL);
			if (n == 1)
				head = cat(c, head, "local ", local_name(c, names[0]), " = ", tv, "; ", NULL);
			else {
				const char *ln = "";
				for (int i = 0; i < n; i++)
					ln = cat(c, ln, i ? ", " : "", local_name(c, names[i]), NULL);
				head = cat(c, head, "local ", ln, " = _py.unpack(", tv, ", ",
					   afmt(c, "%d", n), "); ", NULL);
			}
			tail = cat(c, " end", tail, NULL);
		} else {
			c->p++;
			head = cat(c, head, "if ", cond_of(c, or_test(c)), " then ", NULL);
			tail = cat(c, " end", tail, NULL);
		}
	}
	save = c->p;
	c->p = elem_start;
	if (rt_streq(kind, "dict")) {
		elem = val(c, test(c));
		expect_op(c, ":");
		elem2 = val(c, test(c));
	} else {
		elem = val(c, test(c));
	}
	c->p = save;
	pop_scope(c);
	if (rt_streq(kind, "dict"))
		res = cat(c, "(function() local _py_r = _py.D({}, 0); ", head, "_py.setitem(_py_r, ",
			  elem, ", ", elem2, ")", tail, " return _py_r end)()", NULL);
	else
		res = cat(c, "(function() local _py_r = _py.", rt_streq(kind, "set") ? "S" : "L", "({}, 0); ", head,
			  rt_streq(kind, "set") ? "_py.m(_py_r, \"add\", " : "_py.m(_py_r, \"append\", ",
			  elem, ")", tail, " return _py_r end)()", NULL);
	return res;
}

/* A test list: `a`, or `a, b` (a tuple). */
static const char *testlist(struct ctx *c, int *n_out)
{
	const char *items = val(c, test(c));
	int n = 1, comma = 0;
	while (is_op(c, ",")) {
		c->p++;
		comma = 1;
		if (cur(c)->type == T_NEWLINE || is_op(c, "=") || is_op(c, ")") || is_op(c, ";"))
			break;
		items = cat(c, items, ", ", val(c, test(c)), NULL);
		n++;
	}
	if (n_out)
		*n_out = comma ? n : 0;
	if (!comma)
		return items;
	return cat(c, "_py.Tu({", items, "}, ", afmt(c, "%d", n), ")", NULL);
}

/* ---- statements ---- */

static void push_scope(struct ctx *c, struct scope *sc)
{
	sc->up = c->sc;
	c->sc = sc;
}

static void pop_scope(struct ctx *c)
{
	c->sc = c->sc->up;
}

static void statement(struct ctx *c);

static void end_simple(struct ctx *c)
{
	if (accept_op(c, ";") && cur(c)->type != T_NEWLINE)
		return;
	if (cur(c)->type != T_NEWLINE && cur(c)->type != T_EOF)
		syntax(c, "end of line");
	if (cur(c)->type == T_NEWLINE)
		c->p++;
}

/* Assigns Lua code `v` to a target. */
static void assign_to(struct ctx *c, struct target *tg, const char *v, int line)
{
	switch (tg->kind) {
	case 'n':
		if (c->sc->scope_var && !c->sc->up) {
			emit(c, cat(c, name_ref(c, tg->name), " = ", v, "; ", NULL));
			return;
		}
		if (c->sc->is_module || in_list(c->sc->globals, c->sc->n_globals, tg->name) ||
		    !is_local(c->sc, tg->name))
			emit(c, cat(c, global_ref(c, tg->name), " = ", v, "; ", NULL));
		else
			emit(c, cat(c, local_name(c, tg->name), " = ", v, "; ", NULL));
		return;
	case 'a':
		if (tg->rex_env) {
			emit(c, cat(c, tg->obj, ".", tg->key, " = ", v, "; ", NULL));
			return;
		}
		emit(c, cat(c, "_py.setattr(", tg->obj, ", ", lua_str(c, tg->key, strlen(tg->key)), ", ", v,
			    "); ", NULL));
		return;
	case 'i':
		emit(c, cat(c, "_py.setitem(", tg->obj, ", ", tg->key, ", ", v, "); ", NULL));
		return;
	default:
		fail_at(c, line, 0, "cannot assign to this expression");
	}
}

/* Parses a comma-separated target list (after the first expression was seen as a target). */
static int parse_target(struct ctx *c, struct target *tg)
{
	struct tok *t = cur(c);
	if (is_op(c, "(") || is_op(c, "["))
		unsupported(c, t->line, "nested tuple unpacking");
	if (is_op(c, "*"))
		unsupported(c, t->line, "starred assignment target");
	primary(c, tg);
	if (tg->kind == 's')
		unsupported(c, t->line, "slice assignment");
	return tg->kind;
}

static const char *const augops[][2] = {
	{ "+=", "iadd" }, { "-=", "sub" }, { "*=", "imul" }, { "/=", "div" }, { "//=", "floordiv" },
	{ "%=", "mod" }, { "**=", "pow" }, { "|=", "bor" }, { "&=", "band" }, { "^=", "bxor" },
	{ "<<=", "lshift" }, { ">>=", "rshift" },
};

/* An expression statement, assignment or augmented assignment. */
/* convert mode: a docstring (string token t, ending on line last) becomes comments on its
 * lines, its common indentation removed; lines beyond its last join the last one. */
static void docstring_comments(struct ctx *c, const struct tok *t, int last)
{
	const char *p = t->s, *end = t->s + t->len;
	size_t cut = SIZE_MAX;
	int line = t->line;
	if (t->flags & (S_F | S_BYTES))
		return;
	/* the indentation common to the lines after the first */
	for (const char *q = memchr(p, '\n', t->len); q && q < end; q = memchr(q, '\n', (size_t)(end - q))) {
		size_t w = 0;
		q++;
		while (q + w < end && q[w] == ' ')
			w++;
		if (q + w < end && q[w] != '\n' && w < cut)
			cut = w;
	}
	if (cut == SIZE_MAX)
		cut = 0;
	while (p < end && line <= last) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl && line < last ? nl : end;
		struct rt_buf b = RT_BUF_INIT;
		const char *q = p;
		if (line > t->line)
			for (size_t w = 0; w < cut && q < e && *q == ' '; w++)
				q++;
		rt_buf_adds(&b, " ");
		for (; q < e; q++)
			rt_buf_addch(&b, *q == '\n' ? ' ' : *q);
		while (b.len > 1 && (b.buf[b.len - 1] == ' ' || b.buf[b.len - 1] == '\r'))
			rt_buf_setlen(&b, b.len - 1);
		if (b.len > 1 || (line > t->line && line < last))
			add_comment(c, line, b.buf, b.len);
		rt_buf_release(&b);
		p = e < end ? e + 1 : end;
		line++;
	}
}

/* convert mode: `NAME = <literal>` at module level, where the value holds only strings,
 * numbers, True/False and lists of them and NAME appears nowhere else in the file, is
 * written as a plain Lua table in the list's own line shape (it loads as the same data, and
 * no Python code can see the difference). Returns 1 when done. */
static int plain_literal_assignment(struct ctx *c)
{
	size_t i = c->p, e;
	struct tok *name = cur(c);
	int uses = 0;
	if (!c->convert || !c->sc->is_module || c->sc->scope_var || name->type != T_NAME ||
	    is_py_keyword(name) || !tok_is(peek(c, 1), T_OP, "=") || !tok_is(peek(c, 2), T_OP, "["))
		return 0;
	for (e = i + 2; e < c->nt && c->t[e].type != T_NEWLINE && c->t[e].type != T_EOF; e++) {
		struct tok *t = &c->t[e];
		if (t->type == T_STR ? (t->flags & (S_F | S_BYTES)) || c->t[e - 1].type == T_STR :
		    t->type == T_NUM ? 0 :
		    t->type == T_NAME ? !tok_is(t, T_NAME, "True") && !tok_is(t, T_NAME, "False") :
		    !(tok_is(t, T_OP, "[") || tok_is(t, T_OP, "]") || tok_is(t, T_OP, ",")))
			return 0;
	}
	/* exactly one list, well formed: `[a, [b]], ` (a tuple) or `[1][0]` (indexing) and
	 * `[1 2]` stay with the general translation */
	{
		int depth = 0, want_value = 1;
		for (size_t k = i + 2; k < e; k++) {
			struct tok *t = &c->t[k];
			if (tok_is(t, T_OP, "[")) {
				if (!want_value)
					return 0;
				depth++;
			} else if (tok_is(t, T_OP, "]")) {
				if (depth == 0 || (want_value && !tok_is(&c->t[k - 1], T_OP, "[") &&
						   !tok_is(&c->t[k - 1], T_OP, ",")))
					return 0;
				if (--depth == 0 && k + 1 != e)
					return 0;
				want_value = 0;
			} else if (tok_is(t, T_OP, ",")) {
				if (want_value)
					return 0;
				want_value = 1;
			} else {
				if (!want_value)
					return 0;
				want_value = 0;
			}
		}
		if (depth != 0)
			return 0;
	}
	for (size_t k = 0; k < c->nt; k++)
		uses += c->t[k].type == T_NAME && c->t[k].len == name->len &&
			memcmp(c->t[k].s, name->s, name->len) == 0;
	if (uses != 1)
		return 0;
	emit(c, cat(c, global_ref(c, adup(c, name->s, name->len)), " = ", NULL));
	for (size_t k = i + 2; k < e; k++) {
		struct tok *t = &c->t[k];
		if (t->line > c->out_line)
			sync(c, t->line);       /* with the line's indentation */
		if (t->type == T_STR)
			emit(c, lua_str(c, t->s, t->len));
		else if (t->type == T_NUM)
			emit(c, number(c, t));
		else if (t->type == T_NAME)
			emit(c, tok_is(t, T_NAME, "True") ? "true" : "false");
		else
			emit(c, tok_is(t, T_OP, "[") ? "{" : tok_is(t, T_OP, "]") ? "}" :
			     tok_is(&c->t[k + 1], T_OP, "]") ? "," : ", ");
	}
	emit(c, "; ");
	c->p = e;
	end_simple(c);
	return 1;
}

static void expr_statement(struct ctx *c)
{
	size_t start = c->p;
	int line = cur(c)->line;
	struct target tgs[16];
	int nt = 0;
	if (plain_literal_assignment(c))
		return;
	/* Find the statement's shape: is there a top-level '=' or augmented operator? */
	{
		int depth = 0;
		size_t i;
		int has_eq = 0, aug = -1;
		for (i = c->p; i < c->nt; i++) {
			struct tok *t = &c->t[i];
			if (t->type == T_NEWLINE || t->type == T_EOF || (depth == 0 && tok_is(t, T_OP, ";")))
				break;
			if (t->type == T_OP && t->len == 1 && strchr("([{", t->s[0]))
				depth++;
			else if (t->type == T_OP && t->len == 1 && strchr(")]}", t->s[0]))
				depth--;
			else if (depth == 0 && tok_is(t, T_OP, "="))
				has_eq = 1;
			else if (depth == 0 && tok_is(t, T_NAME, "lambda"))
				break;
			else if (depth == 0 && t->type == T_OP && aug < 0 && !has_eq)
				for (size_t k = 0; k < RT_ARRAY_LEN(augops); k++)
					if (tok_is(t, T_OP, augops[k][0]))
						aug = (int)k;
		}
		if (aug >= 0) {
			struct target tg;
			const char *cur_v, *rhs;
			parse_target(c, &tg);
			if (!tg.kind || tg.kind == 's')
				fail_at(c, line, 0, "cannot assign to this expression");
			c->p++;
			rhs = testlist(c, NULL);
			if (tg.kind == 'n')
				cur_v = name_ref(c, tg.name);
			else if (tg.kind == 'a') {
				const char *o = tmpname(c);
				emit(c, cat(c, "do local ", o, " = ", tg.obj, "; ", NULL));
				tg.obj = o;
				cur_v = cat(c, "_py.attr(", o, ", ", lua_str(c, tg.key, strlen(tg.key)), ")", NULL);
			} else {
				const char *o = tmpname(c), *k = tmpname(c);
				emit(c, cat(c, "do local ", o, ", ", k, " = ", tg.obj, ", ", tg.key, "; ", NULL));
				tg.obj = o;
				tg.key = k;
				cur_v = cat(c, "_py.getitem(", o, ", ", k, ")", NULL);
			}
			assign_to(c, &tg, cat(c, "_py.", augops[aug][1], "(", cur_v, ", ", rhs, ")", NULL), line);
			if (tg.kind != 'n')
				emit(c, "end; ");
			end_simple(c);
			return;
		}
		if (!has_eq) {
			struct ex *e;
			int n;
			const char *code;
			if (cur(c)->type == T_STR) {
				/* docstrings and bare strings: nothing to run */
				e = strings(c);
				if (cur(c)->type == T_NEWLINE || is_op(c, ";")) {
					if (c->convert)
						docstring_comments(c, &c->t[start], cur(c)->line);
					end_simple(c);
					return;
				}
				c->p = start;
			}
			e = test(c);
			if (is_op(c, ",")) {
				c->p = start;
				code = testlist(c, &n);
				emit(c, cat(c, "_py.discard(", code, "); ", NULL));
			} else if (e->kind == K_CALL) {
				emit(c, cat(c, val(c, e), "; ", NULL));
			} else {
				emit(c, cat(c, "_py.discard(", val(c, e), "); ", NULL));
			}
			end_simple(c);
			return;
		}
	}
	/* Assignment: targets '=' ... '=' value. Targets are parsed in place, then the value. */
	{
		size_t value_start;
		const char *v;
		int counts[16];
		int first_tg[16];
		int groups = 0, n_val;
		for (;;) {
			/* Is what follows (up to the next top-level '=') a target group? Find the '='. */
			int depth = 0;
			size_t i;
			for (i = c->p; i < c->nt; i++) {
				struct tok *t = &c->t[i];
				if (t->type == T_NEWLINE || t->type == T_EOF || (depth == 0 && tok_is(t, T_OP, ";")))
					break;
				if (t->type == T_OP && t->len == 1 && strchr("([{", t->s[0]))
					depth++;
				else if (t->type == T_OP && t->len == 1 && strchr(")]}", t->s[0]))
					depth--;
				else if (depth == 0 && (tok_is(t, T_OP, "=") || tok_is(t, T_NAME, "lambda")))
					break;
			}
			if (i >= c->nt || !tok_is(&c->t[i], T_OP, "="))
				break;
			if (groups >= 16)
				unsupported(c, line, "more than 16 chained assignments");
			first_tg[groups] = nt;
			counts[groups] = 0;
			{
				int paren = 0;
				if (is_op(c, "(") || is_op(c, "[")) {
					/* (a, b) = ... / [a, b] = ... */
					size_t k = c->p + 1;
					int d = 0;
					for (; k < i; k++) {
						struct tok *t = &c->t[k];
						if (t->type == T_OP && t->len == 1 && strchr("([{", t->s[0]))
							d++;
						else if (t->type == T_OP && t->len == 1 && strchr(")]}", t->s[0])) {
							if (d == 0)
								break;
							d--;
						}
					}
					if (k + 1 == i) {
						paren = 1;
						c->p++;
					}
				}
				for (;;) {
					if (nt >= 16)
						unsupported(c, line, "unpacking into more than 16 targets");
					parse_target(c, &tgs[nt]);
					if (!tgs[nt].kind)
						fail_at(c, line, 0, "cannot assign to this expression");
					nt++;
					counts[groups]++;
					if (!accept_op(c, ","))
						break;
					if (is_op(c, "=") || is_op(c, ")") || is_op(c, "]")) {
						counts[groups] = -counts[groups];   /* trailing comma: a tuple */
						break;
					}
				}
				if (paren) {
					if (!accept_op(c, ")") && !accept_op(c, "]"))
						syntax(c, "')'");
					if (counts[groups] > 0)
						counts[groups] = counts[groups] == 1 && !tok_is(&c->t[c->p - 2], T_OP, ",")
							? 1 : -counts[groups];
				}
			}
			expect_op(c, "=");
			groups++;
		}
		value_start = c->p;
		(void)value_start;
		if (is_kw(c, "yield"))
			unsupported(c, line, "yield (generator)");
		v = testlist(c, &n_val);
		if (groups == 1 && counts[0] == 1) {
			assign_to(c, &tgs[0], v, line);
		} else {
			const char *tv = tmpname(c);
			emit(c, cat(c, "do local ", tv, " = ", v, "; ", NULL));
			for (int g = 0; g < groups; g++) {
				int cnt = counts[g] < 0 ? -counts[g] : counts[g];
				if (counts[g] == 1) {
					assign_to(c, &tgs[first_tg[g]], tv, line);
					continue;
				}
				{
					const char *names = "", *uv = tmpname(c);
					for (int k = 0; k < cnt; k++)
						names = cat(c, names, k ? ", " : "", afmt(c, "%s_%d", uv, k), NULL);
					emit(c, cat(c, "local ", names, " = _py.unpack(", tv, ", ", afmt(c, "%d", cnt),
						    "); ", NULL));
					for (int k = 0; k < cnt; k++)
						assign_to(c, &tgs[first_tg[g] + k], afmt(c, "%s_%d", uv, k), line);
				}
			}
			emit(c, "end; ");
		}
		end_simple(c);
	}
}

/* Module names the reader provides, and the Python names they bind. */
static const char *const modules[] = {
	"os", "os.path", "platform", "sys", "re", "json", "ast", "string", "math", "copy",
	"collections", "textwrap", "posixpath", NULL
};

static int known_module(const char *m)
{
	for (const char *const *k = modules; *k; k++)
		if (rt_streq(*k, m))
			return 1;
	return 0;
}

/* Names Rez binds itself (or rez-lua binds): importing them from rez modules is a no-op. */
static int rez_module(const char *m)
{
	return rt_starts_with(m, "rez.") || rt_streq(m, "rez") || rt_streq(m, "__future__");
}

/* Names package code gets from rez-lua (definition, rex and late bindings, Rez helpers). */
static int rez_binding(const char *n)
{
	static const char *const names[] = {
		"early", "late", "include", "env", "this", "building", "system", "resolve", "request",
		"ephemerals", "implicits", "root", "base", "version", "scope", "InvalidPackageError",
		"PackageMetadataError", "expand_requires", "expand_requirement", "alias", "setenv",
		"appendenv", "prependenv", "unsetenv", "resetenv", "getenv", "defined", "undefined",
		"info", "error", "command", "comment", "source", "stop", "literal", "expandable",
		"optionvars", "intersects", "testing", "in_context", "expandvars", "shebang",
		"build_variant_index", "build_variant_requires", "context", NULL
	};
	for (const char *const *p = names; *p; p++)
		if (rt_streq(*p, n))
			return 1;
	return 0;
}

static void bind_import(struct ctx *c, const char *as, const char *code)
{
	const char *lhs;
	if (c->sc->is_module || !is_local(c->sc, as))
		lhs = c->sc->is_module ? local_name(c, as) : global_ref(c, as);
	else
		lhs = local_name(c, as);
	emit(c, cat(c, lhs, " = ", code, "; ", NULL));
}

static const char *dotted_name(struct ctx *c)
{
	const char *m = name_tok(c);
	while (accept_op(c, "."))
		m = cat(c, m, ".", name_tok(c), NULL);
	return m;
}

static void import_statement(struct ctx *c)
{
	int line = cur(c)->line;
	if (accept_kw(c, "import")) {
		for (;;) {
			const char *m = dotted_name(c), *as = NULL;
			if (accept_kw(c, "as"))
				as = name_tok(c);
			if (rez_module(m) && !rt_streq(m, "__future__")) {
				/* Rez's own modules are not available to package code */
				unsupported(c, line, cat(c, "import ", m, NULL));
			} else if (rt_streq(m, "__future__")) {
				/* nothing to do */
			} else if (!known_module(m)) {
				if (c->import_ok_runtime) {
					emit(c, cat(c, "_py.raise(\"ImportError\", ", lua_str(c, m, strlen(m)), "); ", NULL));
				} else {
					unsupported(c, line, cat(c, "import ", m, NULL));
				}
			} else if (as) {
				bind_import(c, as, cat(c, "_py.import(", lua_str(c, m, strlen(m)), ")", NULL));
			} else {
				const char *top = m;
				const char *dot = strchr(m, '.');
				if (dot)
					top = adup(c, m, (size_t)(dot - m));
				bind_import(c, top, cat(c, "_py.import(", lua_str(c, top, strlen(top)), ")", NULL));
			}
			if (!accept_op(c, ","))
				break;
		}
	} else {
		const char *m;
		accept_kw(c, "from");
		if (is_op(c, "."))
			unsupported(c, line, "relative import");
		m = dotted_name(c);
		if (!accept_kw(c, "import"))
			syntax(c, "'import'");
		if (accept_op(c, "*"))
			unsupported(c, line, cat(c, "from ", m, " import *", NULL));
		{
			int paren = accept_op(c, "(");
			for (;;) {
				const char *n, *as;
				if (paren && is_op(c, ")"))
					break;
				n = name_tok(c);
				as = accept_kw(c, "as") ? name_tok(c) : n;
				if (rez_module(m)) {
					/* `from rez.utils.lint_helper import env, building` and the like:
					 * names rez-lua binds itself */
					if (!rt_streq(m, "__future__") && !rez_binding(n))
						unsupported(c, line, cat(c, "from ", m, " import ", n, NULL));
					if (!rt_streq(n, as))
						bind_import(c, as, name_ref(c, n));
				} else if (!known_module(m)) {
					if (c->import_ok_runtime)
						emit(c, cat(c, "_py.raise(\"ImportError\", ", lua_str(c, m, strlen(m)), "); ", NULL));
					else
						unsupported(c, line, cat(c, "from ", m, " import ", n, NULL));
				} else {
					bind_import(c, as, cat(c, "_py.from_import(", lua_str(c, m, strlen(m)), ", ",
							       lua_str(c, n, strlen(n)), ")", NULL));
				}
				if (!accept_op(c, ","))
					break;
			}
			if (paren)
				expect_op(c, ")");
		}
	}
	end_simple(c);
}

/* Does the token range hold a statement keyword that crosses a function boundary? */
static void simple_statement(struct ctx *c)
{
	struct tok *t = cur(c);
	int line = t->line;
	if (accept_kw(c, "pass")) {
		end_simple(c);
		return;
	}
	if (accept_kw(c, "break") || accept_kw(c, "continue")) {
		int brk = tok_is(t, T_NAME, "break");
		if (c->sc->loop_depth == 0)
			fail_at(c, line, t->col, "'%s' outside loop", brk ? "break" : "continue");
		if (c->sc->try_depth && c->sc->loop_depth <= c->sc->try_loop_base)
			unsupported(c, line, brk ? "break inside try" : "continue inside try");
		if (brk)
			emit(c, afmt(c, "_py_brk%d = true; break; ", c->sc->loop_depth));
		else
			emit(c, afmt(c, "goto _py_cont%d; ", c->sc->loop_depth));
		end_simple(c);
		return;
	}
	if (accept_kw(c, "return")) {
		const char *v = "nil";
		if (c->sc->is_module)
			fail_at(c, line, t->col, "'return' outside function");
		if (cur(c)->type != T_NEWLINE && !is_op(c, ";"))
			v = testlist(c, NULL);
		if (c->sc->try_depth)
			emit(c, cat(c, "do return _py.RET, ", v, " end; ", NULL));
		else
			/* parenthesized: not a tail call, so errors keep this frame's line */
			emit(c, cat(c, "do return (", v, ") end; ", NULL));
		end_simple(c);
		return;
	}
	if (accept_kw(c, "global")) {
		do {
			const char *n = name_tok(c);
			add_name(&c->sc->globals, &c->sc->n_globals, &c->sc->cap_globals, n);
		} while (accept_op(c, ","));
		end_simple(c);
		return;
	}
	if (is_kw(c, "nonlocal"))
		unsupported(c, line, "nonlocal");
	if (is_kw(c, "import") || is_kw(c, "from")) {
		import_statement(c);
		return;
	}
	if (accept_kw(c, "raise")) {
		if (cur(c)->type == T_NEWLINE) {
			emit(c, "_py.reraise(); ");
		} else {
			const char *e = val(c, test(c));
			if (accept_kw(c, "from"))
				test(c);
			emit(c, cat(c, "_py.raise(", e, "); ", NULL));
		}
		end_simple(c);
		return;
	}
	if (accept_kw(c, "assert")) {
		struct ex *e = test(c);
		const char *msg = "nil";
		if (accept_op(c, ","))
			msg = val(c, test(c));
		emit(c, cat(c, "if not ", cond_of(c, e), " then _py.raise(_py.AssertionError, ", msg,
			    ") end; ", NULL));
		end_simple(c);
		return;
	}
	if (accept_kw(c, "del")) {
		do {
			struct target tg;
			parse_target(c, &tg);
			if (tg.kind == 'i')
				emit(c, cat(c, "_py.delitem(", tg.obj, ", ", tg.key, "); ", NULL));
			else if (tg.kind == 'n')
				assign_to(c, &tg, "nil", line);
			else
				unsupported(c, line, "del of an attribute");
		} while (accept_op(c, ","));
		end_simple(c);
		return;
	}
	if (is_kw(c, "print") && peek(c, 1)->type != T_NEWLINE && !tok_is(peek(c, 1), T_OP, "(") &&
	    !tok_is(peek(c, 1), T_OP, "=") && !tok_is(peek(c, 1), T_OP, "."))
		unsupported(c, line, "Python 2 print statement");
	if (is_kw(c, "exec") && peek(c, 1)->type == T_STR)
		unsupported(c, line, "Python 2 exec statement");
	if (is_kw(c, "yield"))
		unsupported(c, line, "yield (generator)");
	expr_statement(c);
}

static int is_open(const struct tok *t)
{
	return t->type == T_OP && t->len == 1 && strchr("([{", t->s[0]);
}

static int is_close(const struct tok *t)
{
	return t->type == T_OP && t->len == 1 && strchr(")]}", t->s[0]);
}

static int is_assign_op(const struct tok *t)
{
	if (tok_is(t, T_OP, "="))
		return 1;
	for (size_t k = 0; k < RT_ARRAY_LEN(augops); k++)
		if (tok_is(t, T_OP, augops[k][0]))
			return 1;
	return 0;
}

static void add_local(struct ctx *c, struct scope *sc, int module, const struct tok *t)
{
	const char *n = adup(c, t->s, t->len);
	if (module)
		add_name(&c->modnames, &c->n_modnames, &c->cap_modnames, n);
	else
		add_name(&sc->locals, &sc->n_locals, &sc->cap_locals, n);
}

/* Names bound by the target list in tokens [from, to): names not inside a call or subscript
 * and not after a '.'. */
static void target_names(struct ctx *c, size_t from, size_t to, struct scope *sc, int module)
{
	int trailer[MAX_NEST + 2], d = 0;
	for (size_t m = from; m < to; m++) {
		struct tok *w = &c->t[m];
		if (is_open(w)) {
			int tr = m > from && (c->t[m - 1].type == T_NAME || c->t[m - 1].type == T_STR ||
					      is_close(&c->t[m - 1]));
			if (d <= MAX_NEST)
				trailer[d] = tr || (d > 0 && trailer[d - 1]);
			d++;
			continue;
		}
		if (is_close(w)) {
			if (d > 0)
				d--;
			continue;
		}
		if (w->type != T_NAME || is_py_keyword(w))
			continue;
		if (d > 0 && d <= MAX_NEST + 1 && trailer[d - 1])
			continue;
		if (m > from && tok_is(&c->t[m - 1], T_OP, "."))
			continue;
		if (m + 1 < to && (tok_is(&c->t[m + 1], T_OP, ".") || is_open(&c->t[m + 1])))
			continue;
		add_local(c, sc, module, w);
	}
}

/* The body of a def starting at token i: index of its last token. */
static size_t skip_def(struct ctx *c, size_t i, size_t to)
{
	size_t k = i;
	int d = 0;
	while (k < to && c->t[k].type != T_NEWLINE)
		k++;
	if (k + 1 >= to || c->t[k + 1].type != T_INDENT)
		return k;
	for (k++; k < to; k++) {
		if (c->t[k].type == T_INDENT)
			d++;
		else if (c->t[k].type == T_DEDENT && --d == 0)
			return k;
	}
	return to - 1;
}

/* Collects the names a body binds (Python's rule: assigned anywhere = local), skipping nested
 * defs. module: names go to c->modnames (module-level assignments). Tokens [from, to). */
static void collect_locals(struct ctx *c, size_t from, size_t to, struct scope *sc, int module)
{
	int depth = 0, stmt_start = 1;
	size_t group = from;    /* start of the current target group */
	for (size_t i = from; i < to; i++) {
		struct tok *t = &c->t[i];
		if (t->type == T_NEWLINE || t->type == T_INDENT || t->type == T_DEDENT ||
		    (depth == 0 && tok_is(t, T_OP, ";"))) {
			stmt_start = 1;
			continue;
		}
		if (is_open(t))
			depth++;
		else if (is_close(t))
			depth--;
		if (depth == 0 && tok_is(t, T_OP, ":") && i + 1 < to && c->t[i + 1].type != T_NEWLINE) {
			/* `if x: y = 1` on one line (lambda/dict/slice colons are inside brackets or
			 * after `lambda`; a stray extra local is harmless) */
			stmt_start = 1;
			continue;
		}
		if (stmt_start) {
			stmt_start = 0;
			group = i;
			if (tok_is(t, T_NAME, "def") || tok_is(t, T_NAME, "class")) {
				if (i + 1 < to && c->t[i + 1].type == T_NAME)
					add_local(c, sc, module, &c->t[i + 1]);
				i = skip_def(c, i, to);
				stmt_start = 1;
				continue;
			}
			if (tok_is(t, T_NAME, "global")) {
				for (size_t k = i + 1; k < to && c->t[k].type == T_NAME; k += 2)
					add_name(&sc->globals, &sc->n_globals, &sc->cap_globals,
						 adup(c, c->t[k].s, c->t[k].len));
			}
			if (tok_is(t, T_NAME, "import") || tok_is(t, T_NAME, "from")) {
				size_t k = i + 1, m0 = k;
				int from_form = tok_is(t, T_NAME, "from"), rez;
				while (k < to && c->t[k].type != T_NEWLINE && !tok_is(&c->t[k], T_NAME, "import"))
					k++;
				rez = from_form && c->t[m0].type == T_NAME &&
				      (tok_is(&c->t[m0], T_NAME, "rez") || tok_is(&c->t[m0], T_NAME, "__future__"));
				if (from_form)
					k++;
				else
					k = i + 1;
				while (k < to && c->t[k].type != T_NEWLINE && !tok_is(&c->t[k], T_OP, ";")) {
					size_t e = k;
					if (c->t[k].type != T_NAME) {
						k++;
						continue;
					}
					while (!from_form && e + 2 < to && tok_is(&c->t[e + 1], T_OP, ".") &&
					       c->t[e + 2].type == T_NAME)
						e += 2;
					if (e + 2 < to && tok_is(&c->t[e + 1], T_NAME, "as")) {
						if (!module)
							add_local(c, sc, 0, &c->t[e + 2]);
						k = e + 3;
						continue;
					}
					if (!module && !rez && !(!from_form && tok_is(&c->t[k], T_NAME, "rez")) &&
					    !(!from_form && tok_is(&c->t[k], T_NAME, "__future__")))
						add_local(c, sc, 0, &c->t[k]);
					k = e + 1;
				}
				i = k - 1;
				continue;
			}
		}
		if (tok_is(t, T_NAME, "for") && !module) {
			size_t k = i + 1;
			while (k < to && !tok_is(&c->t[k], T_NAME, "in") && c->t[k].type != T_NEWLINE)
				k++;
			target_names(c, i + 1, k, sc, 0);
			i = k;
			continue;
		}
		if (tok_is(t, T_NAME, "for") && module && depth == 0) {
			size_t k = i + 1;
			while (k < to && !tok_is(&c->t[k], T_NAME, "in") && c->t[k].type != T_NEWLINE)
				k++;
			target_names(c, i + 1, k, sc, 1);
			i = k;
			continue;
		}
		if (tok_is(t, T_NAME, "as") && i + 1 < to && c->t[i + 1].type == T_NAME) {
			if (!module)
				add_local(c, sc, 0, &c->t[i + 1]);
			continue;
		}
		if (depth == 0 && is_assign_op(t)) {
			target_names(c, group, i, sc, module);
			group = i + 1;
			continue;
		}
		if (depth == 0 && tok_is(t, T_NAME, "lambda")) {
			/* skip to the end of the statement: nothing after a lambda is a target */
			while (i + 1 < to && c->t[i + 1].type != T_NEWLINE)
				i++;
		}
	}
}

/* The token index after the block that starts at c->p (an INDENT) or the simple suite. */
static size_t block_end(struct ctx *c, size_t from)
{
	size_t k = from;
	int d = 0;
	if (c->t[k].type != T_NEWLINE) {
		while (k < c->nt && c->t[k].type != T_NEWLINE)
			k++;
		return k + 1;
	}
	for (k++; k < c->nt; k++) {
		if (c->t[k].type == T_INDENT)
			d++;
		else if (c->t[k].type == T_DEDENT && --d == 0)
			return k + 1;
	}
	return c->nt;
}

/* A suite after ':' — either NEWLINE INDENT statements DEDENT, or simple statements. */
static void suite(struct ctx *c)
{
	if (cur(c)->type != T_NEWLINE) {
		for (;;) {
			simple_statement(c);
			if (c->t[c->p - 1].type == T_NEWLINE || cur(c)->type == T_EOF)
				break;
		}
		return;
	}
	c->p++;
	if (cur(c)->type != T_INDENT)
		fail_at(c, cur(c)->line, cur(c)->col, "expected an indented block");
	c->p++;
	if (++c->depth > MAX_NEST)
		fail_at(c, cur(c)->line, 0, "blocks nested too deeply");
	while (cur(c)->type != T_DEDENT && cur(c)->type != T_EOF)
		statement(c);
	c->depth--;
	if (cur(c)->type == T_DEDENT)
		c->p++;
}

static int last_line(struct ctx *c)
{
	return c->p > 0 ? c->t[c->p - 1].line : 1;
}

/* The body sits in its own block so that `continue` (a goto to the label after it) never
 * jumps into the scope of a local. */
static void loop_body(struct ctx *c, int lvl)
{
	emit(c, "do ");
	suite(c);
	emit(c, afmt(c, "end; ::_py_cont%d:: ", lvl));
}

/* The body of a for/while loop whose header was written, then its `else` (run when no
 * `break` left the loop) and the closing of the block holding the break flag. */
static void loop_rest(struct ctx *c, int lvl)
{
	loop_body(c, lvl);
	emit(c, "end; ");
	c->sc->loop_depth--;
	if (is_kw(c, "else")) {
		sync(c, cur(c)->line);
		c->p++;
		expect_op(c, ":");
		emit(c, afmt(c, "if not _py_brk%d then ", lvl));
		suite(c);
		emit(c, "end; ");
	}
	emit(c, "end; ");
}

static void for_statement(struct ctx *c)
{
	int n, line = cur(c)->line, lvl;
	const char **names, *it, *tv = tmpname(c);
	struct target tgs[16];
	c->p++;
	/* targets may be names, attributes or items; the common case is names */
	{
		size_t save = c->p;
		(void)save;
		for_target(c, &n, &names);
	}
	for (int i = 0; i < n; i++) {
		tgs[i].kind = 'n';
		tgs[i].name = names[i];
	}
	if (!accept_kw(c, "in"))
		syntax(c, "'in'");
	it = testlist(c, NULL);
	expect_op(c, ":");
	lvl = ++c->sc->loop_depth;
	emit(c, afmt(c, "do local _py_brk%d = false; ", lvl));
	emit(c, cat(c, "for ", tv, " in _py.each(", it, ") do ", NULL));
	if (n == 1) {
		assign_to(c, &tgs[0], tv, line);
	} else {
		const char *names_l = "";
		for (int i = 0; i < n; i++)
			names_l = cat(c, names_l, i ? ", " : "", afmt(c, "%s_%d", tv, i), NULL);
		emit(c, cat(c, "local ", names_l, " = _py.unpack(", tv, ", ", afmt(c, "%d", n), "); ", NULL));
		for (int i = 0; i < n; i++)
			assign_to(c, &tgs[i], afmt(c, "%s_%d", tv, i), line);
	}
	loop_rest(c, lvl);
}

static void while_statement(struct ctx *c)
{
	struct ex *e;
	int lvl;
	c->p++;
	e = test(c);
	expect_op(c, ":");
	lvl = ++c->sc->loop_depth;
	emit(c, afmt(c, "do local _py_brk%d = false; ", lvl));
	emit(c, cat(c, "while ", cond_of(c, e), " do ", NULL));
	loop_rest(c, lvl);
}

static void if_statement(struct ctx *c)
{
	struct ex *e;
	c->p++;
	e = test(c);
	expect_op(c, ":");
	emit(c, cat(c, "if ", cond_of(c, e), " then ", NULL));
	suite(c);
	while (is_kw(c, "elif")) {
		sync(c, cur(c)->line);
		c->p++;
		e = test(c);
		expect_op(c, ":");
		emit(c, cat(c, "elseif ", cond_of(c, e), " then ", NULL));
		suite(c);
	}
	if (is_kw(c, "else")) {
		sync(c, cur(c)->line);
		c->p++;
		expect_op(c, ":");
		emit(c, "else ");
		suite(c);
	}
	emit(c, "end; ");
}

static int except_mentions_import(struct ctx *c, size_t from)
{
	/* Is there an `except ImportError` / `except Exception` / bare except for this try? */
	int d = 0;
	for (size_t k = from; k < c->nt; k++) {
		struct tok *t = &c->t[k];
		if (t->type == T_INDENT)
			d++;
		else if (t->type == T_DEDENT)
			d--;
		if (d < 0)
			return 0;
		if (d == 0 && tok_is(t, T_NAME, "except")) {
			struct tok *n = &c->t[k + 1];
			if (tok_is(n, T_OP, ":") || tok_is(n, T_NAME, "ImportError") ||
			    tok_is(n, T_NAME, "Exception") || tok_is(n, T_NAME, "ModuleNotFoundError") ||
			    tok_is(n, T_OP, "("))
				return 1;
		}
		if (d == 0 && t->type == T_NAME && !tok_is(t, T_NAME, "except") && k > from &&
		    c->t[k - 1].type == T_DEDENT && !tok_is(t, T_NAME, "else") && !tok_is(t, T_NAME, "finally"))
			return 0;
	}
	return 0;
}

static void try_statement(struct ctx *c)
{
	const char *ok = tmpname(c), *res = tmpname(c), *rv = tmpname(c);
	int saved_imp = c->import_ok_runtime, has_handler = 0;
	c->p++;
	expect_op(c, ":");
	c->import_ok_runtime = except_mentions_import(c, block_end(c, c->p));
	emit(c, cat(c, "do local ", ok, ", ", res, ", ", rv, " = pcall(function() ", NULL));
	{
		int saved_base = c->sc->try_loop_base;
		c->sc->try_depth++;
		c->sc->try_loop_base = c->sc->loop_depth;
		suite(c);
		c->sc->try_depth--;
		c->sc->try_loop_base = saved_base;
	}
	c->import_ok_runtime = saved_imp;
	emit(c, "end); ");
	emit(c, cat(c, "if not ", ok, " then ", NULL));
	while (is_kw(c, "except")) {
		const char *types = "nil", *as = NULL;
		sync(c, cur(c)->line);
		c->p++;
		if (!is_op(c, ":")) {
			int n;
			types = testlist(c, &n);
			if (accept_kw(c, "as"))
				as = name_tok(c);
			else if (accept_op(c, ","))
				unsupported(c, cur(c)->line, "Python 2 'except E, e' syntax");
		}
		expect_op(c, ":");
		emit(c, cat(c, has_handler ? "elseif " : "if ", "_py.exc_match(", res, ", ", types, ") then ",
			    "_py.set_exc(", res, "); ", NULL));
		if (as) {
			struct target tg;
			tg.kind = 'n';
			tg.name = as;
			assign_to(c, &tg, cat(c, "_py.exc_value(", res, ")", NULL), cur(c)->line);
		}
		has_handler = 1;
		suite(c);
	}
	if (has_handler)
		emit(c, cat(c, "else error(", res, ", 0) end; ", NULL));
	else if (!is_kw(c, "finally"))
		syntax(c, "'except' or 'finally'");
	if (is_kw(c, "else")) {
		sync(c, cur(c)->line);
		c->p++;
		expect_op(c, ":");
		emit(c, cat(c, "elseif ", res, " ~= _py.RET then ", NULL));
		suite(c);
	}
	emit(c, "end; ");
	if (is_kw(c, "finally")) {
		sync(c, cur(c)->line);
		c->p++;
		expect_op(c, ":");
		suite(c);
		if (!has_handler)
			emit(c, cat(c, "if not ", ok, " then error(", res, ", 0) end; ", NULL));
	}
	if (c->sc->try_depth)
		emit(c, cat(c, "if ", ok, " and ", res, " == _py.RET then return _py.RET, ", rv, " end; ", NULL));
	else
		emit(c, cat(c, "if ", ok, " and ", res, " == _py.RET then return ", rv, " end; ", NULL));
	emit(c, "end; ");
}

static void with_statement(struct ctx *c)
{
	int line = cur(c)->line;
	struct tok *t;
	const char *what, *as, *tv;
	c->p++;
	t = cur(c);
	if (!tok_is(t, T_NAME, "scope") || !tok_is(peek(c, 1), T_OP, "(") || peek(c, 2)->type != T_STR ||
	    !tok_is(peek(c, 3), T_OP, ")"))
		unsupported(c, line, "with statement (other than 'with scope(\"...\") as x')");
	if (!c->sc->is_module || c->sc->scope_var)
		unsupported(c, line, "with scope() outside the top level");
	what = adup(c, peek(c, 2)->s, peek(c, 2)->len);
	c->p += 4;
	as = accept_kw(c, "as") ? name_tok(c) : "";
	expect_op(c, ":");
	tv = tmpname(c);
	c->sc->scope_var = as;
	c->sc->scope_tmp = tv;
	/* names assigned in the block are keys of the scope */
	{
		struct scope tmp;
		memset(&tmp, 0, sizeof(tmp));
		collect_locals(c, c->p, block_end(c, c->p), &tmp, 0);
		c->sc->scope_names = tmp.locals;
		c->sc->n_scope_names = tmp.n_locals;
	}
	emit(c, cat(c, "do local ", tv, " = _py.scope(); ", NULL));
	suite(c);
	emit(c, cat(c, "_py.scope_end(_ENV, ", lua_str(c, what, strlen(what)), ", ", tv, "); end; ", NULL));
	c->sc->scope_names = NULL;
	c->sc->n_scope_names = 0;
	c->sc->scope_var = NULL;
	c->sc->scope_tmp = NULL;
}

static const char *const decorators_ok[] = { "early", "late", "include", NULL };

static void def_statement(struct ctx *c, const char *deco_line_text)
{
	int line = cur(c)->line;
	const char *name, *params = "", *defaults = "";
	struct scope sc;
	struct fsig *sig;
	size_t body_from, body_to, insert_at, fn_start;
	int n = 0, module_level = c->sc->is_module && !c->sc->scope_var;
	const char *star = NULL;
	c->p++;
	name = name_tok(c);
	memset(&sc, 0, sizeof(sc));
	sig = amalloc(c, sizeof(*sig));
	memset(sig, 0, sizeof(*sig));
	sig->name = name;
	sig->params = amalloc(c, sizeof(char *) * 64);
	expect_op(c, "(");
	while (!is_op(c, ")")) {
		const char *p;
		if (accept_op(c, "**"))
			unsupported(c, line, "**kwargs parameter");
		if (accept_op(c, "*")) {
			if (is_op(c, ",") || is_op(c, ")"))
				unsupported(c, line, "keyword-only parameters");
			star = name_tok(c);
			add_name(&sc.locals, &sc.n_locals, &sc.cap_locals, star);
			if (accept_op(c, ":"))
				test(c);
			if (!accept_op(c, ","))
				break;
			continue;
		}
		if (star)
			unsupported(c, line, "keyword-only parameters");
		if (is_op(c, "/"))
			unsupported(c, line, "positional-only parameters");
		p = name_tok(c);
		if (n >= 60)
			unsupported(c, line, "more than 60 parameters");
		sig->params[n] = p;
		add_name(&sc.locals, &sc.n_locals, &sc.cap_locals, p);
		params = cat(c, params, n++ ? ", " : "", local_name(c, p), NULL);
		if (accept_op(c, ":"))
			test(c);   /* annotation: ignored */
		if (accept_op(c, "="))
			defaults = cat(c, defaults, "if ", local_name(c, p), " == nil then ", local_name(c, p),
				       " = ", val(c, test(c)), " end; ", NULL);
		if (!accept_op(c, ","))
			break;
	}
	sig->n_params = n;
	expect_op(c, ")");
	if (accept_op(c, "->"))
		test(c);
	expect_op(c, ":");
	body_from = c->p;
	body_to = block_end(c, c->p);
	collect_locals(c, body_from, body_to, &sc, 0);
	sc.is_module = 0;
	sig->next = c->sc->sigs;
	c->sc->sigs = sig;
	if (star)
		params = cat(c, params, n ? ", " : "", "...", NULL);
	/* convert mode: the require goes in below, only when the body uses it */
	fn_start = c->out->len;
	if (module_level) {
		const char *ref = global_ref(c, name);
		/* `function _ENV["end"]()` is not Lua: a name that needs brackets is assigned, and
		 * cannot carry @early/@late (they decorate `function NAME` only) */
		if (ref != name && deco_line_text)
			unsupported(c, line, afmt(c, "a decorated function named '%s' (a name Lua reserves)", name));
		if (ref != name)
			emit(c, cat(c, ref, " = function(", params, ")", c->convert ? "" : " " PY_REQUIRE, NULL));
		else
			emit(c, cat(c, "function ", ref, "(", params, ")", c->convert ? "" : " " PY_REQUIRE, NULL));
	} else {
		if (deco_line_text)
			unsupported(c, line, "decorator on a nested function");
		if (c->sc->is_module)
			emit(c, cat(c, name_ref(c, name), " = function(", params, ")", c->convert ? "" : " " PY_REQUIRE, NULL));
		else if (is_local(c->sc, name))
			emit(c, cat(c, local_name(c, name), " = function(", params, ")", c->convert ? "" : " ", NULL));
		else
			emit(c, cat(c, global_ref(c, name), " = function(", params, ")", c->convert ? "" : " ", NULL));
	}
	insert_at = c->out->len;
	if (c->convert && (star || *defaults))
		emit(c, " ");
	if (star)
		emit(c, cat(c, local_name(c, star), " = _py.Tu(table.pack(...)); ", NULL));
	emit(c, defaults);
	push_scope(c, &sc);
	suite(c);
	pop_scope(c);
	sync(c, 0);
	emit(c, " end; ");
	if (c->convert && (module_level || c->sc->is_module) &&
	    find_in_out(c, insert_at, "_py."))
		insert_out(c, insert_at, " local _py = require(\"rez.py\");");
	if (c->convert && (module_level || c->sc->is_module)) {
		c->fn_ranges = rt_xrealloc(c->fn_ranges, (size_t)(c->n_fn_ranges + 1) * sizeof(*c->fn_ranges));
		c->fn_ranges[c->n_fn_ranges][0] = fn_start;
		c->fn_ranges[c->n_fn_ranges++][1] = c->out->len;
	}
	/* Declare the locals at the top of the function (on the def line). */
	{
		const char *decl = "";
		int k = 0;
		for (int i = 0; i < sc.n_locals; i++) {
			const char *nm = sc.locals[i];
			int is_param = star && rt_streq(nm, star);
			for (int j = 0; j < n; j++)
				if (rt_streq(sig->params[j], nm))
					is_param = 1;
			if (is_param || in_list(sc.globals, sc.n_globals, nm))
				continue;
			if (++k > MAX_LOCALS)
				unsupported(c, line, "a function with more than 180 local variables");
			decl = cat(c, decl, k > 1 ? ", " : "", local_name(c, nm), NULL);
		}
		if (k)
			insert_out(c, insert_at, cat(c, c->convert ? " " : "", "local ", decl,
						     c->convert ? ";" : "; ", NULL));
	}
	(void)last_line;
}

static void decorated(struct ctx *c)
{
	int line = cur(c)->line;
	int n = 0;
	while (accept_op(c, "@")) {
		const char *d;
		struct tok *t = cur(c);
		sync(c, t->line);
		d = dotted_name(c);
		if (!in_list(decorators_ok, 3, d) && !rt_streq(d, "rez.utils.sourcecode.early") &&
		    !rt_streq(d, "rez.utils.sourcecode.late"))
			unsupported(c, t->line, cat(c, "@", d, " decorator", NULL));
		if (strrchr(d, '.'))
			d = strrchr(d, '.') + 1;
		if (!c->sc->is_module || c->sc->scope_var)
			unsupported(c, t->line, "decorator on a nested function");
		if (rt_streq(d, "include")) {
			const char *mods = "";
			int k = 0;
			expect_op(c, "(");
			while (cur(c)->type == T_STR) {
				struct ex *s = strings(c);
				mods = cat(c, mods, k++ ? ", " : "", s->code, NULL);
				if (!accept_op(c, ","))
					break;
			}
			expect_op(c, ")");
			emit(c, cat(c, "@include(", mods, ")", NULL));
		} else {
			if (accept_op(c, "("))
				expect_op(c, ")");
			emit(c, cat(c, "@", d, NULL));
		}
		if (cur(c)->type != T_NEWLINE)
			syntax(c, "end of line after a decorator");
		c->p++;
		n++;
	}
	if (!is_kw(c, "def"))
		unsupported(c, line, "decorated class");
	sync(c, cur(c)->line);
	def_statement(c, n ? "deco" : NULL);
}

static void statement(struct ctx *c)
{
	struct tok *t = cur(c);
	if (t->type == T_INDENT)
		fail_at(c, t->line, t->col, "unexpected indent");
	sync(c, t->line);
	if (is_op(c, "@")) {
		decorated(c);
		return;
	}
	if (is_kw(c, "def")) {
		def_statement(c, NULL);
		return;
	}
	if (is_kw(c, "if")) {
		if_statement(c);
		return;
	}
	if (is_kw(c, "for")) {
		for_statement(c);
		return;
	}
	if (is_kw(c, "while")) {
		while_statement(c);
		return;
	}
	if (is_kw(c, "try")) {
		try_statement(c);
		return;
	}
	if (is_kw(c, "with")) {
		with_statement(c);
		return;
	}
	if (is_kw(c, "class"))
		unsupported(c, t->line, "class");
	if (is_kw(c, "async"))
		unsupported(c, t->line, "async");
	if (is_kw(c, "match") && peek(c, 1)->type == T_NAME && !tok_is(peek(c, 1), T_OP, "="))
		unsupported(c, t->line, "match statement");
	if (is_kw(c, "elif") || is_kw(c, "else") || is_kw(c, "except") || is_kw(c, "finally"))
		syntax(c, "a statement");
	simple_statement(c);
}

/* ---- entry ---- */

static int translate(const char *src, size_t len, const char *path, struct rt_buf *out,
		     struct rt_error *err, int convert)
{
	struct ctx *c = rt_xcalloc(1, sizeof(*c));
	struct scope module;
	int ret = 0;
	memset(&module, 0, sizeof(module));
	module.is_module = 1;
	c->path = path;
	c->src = src;
	c->len = len;
	c->out = out;
	c->out_line = 1;
	c->err = err;
	c->sc = &module;
	c->convert = convert;
	if (setjmp(c->jb) == 0) {
		tokenize(c);
		collect_locals(c, 0, c->nt, &module, 1);
		/* Module-level imports are chunk locals: modules are never attributes. */
		{
			struct scope imports;
			memset(&imports, 0, sizeof(imports));
			for (size_t i = 0; i < c->nt; i++) {
				struct tok *t = &c->t[i];
				if (!(tok_is(t, T_NAME, "import") || tok_is(t, T_NAME, "from")))
					continue;
				if (i > 0 && c->t[i - 1].type != T_NEWLINE && c->t[i - 1].type != T_INDENT &&
				    c->t[i - 1].type != T_DEDENT && !tok_is(&c->t[i - 1], T_OP, ";") &&
				    !tok_is(&c->t[i - 1], T_OP, ":"))
					continue;
				if (tok_is(t, T_NAME, "import") && i > 0 && c->t[i - 1].type == T_NAME)
					continue;
				{
					size_t e = i;
					while (e < c->nt && c->t[e].type != T_NEWLINE)
						e++;
					collect_locals(c, i, e + 1, &imports, 0);
				}
			}
			if (!c->convert)
				emit(c, PY_REQUIRE);
			if (imports.n_locals) {
				emit(c, "local ");
				for (int i = 0; i < imports.n_locals; i++) {
					emit(c, i ? ", " : "");
					emit(c, local_name(c, imports.locals[i]));
					add_name(&module.locals, &module.n_locals, &module.cap_locals, imports.locals[i]);
				}
				emit(c, "; ");
			}
		}
		/* Import-bound names are module locals, not attributes. */
		c->sc->is_module = 1;
		while (cur(c)->type != T_EOF) {
			if (cur(c)->type == T_NEWLINE) {
				c->p++;
				continue;
			}
			statement(c);
		}
		if (c->convert) {
			int lines = 1;
			for (size_t i = 0; i < c->len; i++)
				lines += c->src[i] == '\n';
			sync(c, lines + 1);
			while (c->out->len >= 2 && c->out->buf[c->out->len - 1] == '\n' &&
			       c->out->buf[c->out->len - 2] == '\n')
				rt_buf_setlen(c->out, c->out->len - 1);
			if (module_uses_py(c))
				insert_out(c, 0, PY_REQUIRE);
		} else {
			emit(c, "\n");
		}
	} else {
		ret = -1;
	}
	free(c->t);
	free(c->comments);
	free(c->fn_ranges);
	while (c->n_outer > 0)
		free(c->outer_t[--c->n_outer]);
	while (c->arena) {
		struct block *b = c->arena;
		c->arena = b->next;
		free(b);
	}
	free(c);
	return ret;
}

int li_pyread_translate(const char *src, size_t len, const char *path, struct rt_buf *out,
			struct rt_error *err)
{
	return translate(src, len, path, out, err, 0);
}

int li_pyread_convert(const char *src, size_t len, const char *path, struct rt_buf *out,
		      struct rt_error *err)
{
	return translate(src, len, path, out, err, 1);
}

struct rt_value *li_pyread_load(const char *text, size_t len, const char *path,
				const struct li_load_opts *opts, struct rt_error *err)
{
	struct rt_buf lua = RT_BUF_INIT;
	struct rt_value *v = NULL;
	if (li_pyread_translate(text, len, path, &lua, err) == 0)
		v = li_load_lua(lua.buf, lua.len, path, opts, err);
	rt_buf_release(&lua);
	return v;
}
