/* dialect.c - decorator lines and function cutting over a small Lua 5.4 lexer (see dialect.h). */
#include "runtime/common.h"
#include "interp/dialect.h"

/* ---- a Lua lexer: just enough to know what is code, and where tokens are ---- */

enum tk {
	TK_EOF,
	TK_NAME,
	TK_STRING,
	TK_NUMBER,
	TK_SYM       /* any other single character (operators are split; we never need them) */
};

struct lexer {
	const char *s;
	size_t len, pos;
	int line;
	int last_tok_line;   /* line of the previous token (0 before the first) */
};

struct token {
	enum tk type;
	size_t start, end;   /* byte span in the source */
	int line;
	int first_on_line;   /* no other token before it on its line */
};

static void lex_init(struct lexer *lx, const char *s, size_t len)
{
	lx->s = s;
	lx->len = len;
	lx->pos = 0;
	lx->line = 1;
	lx->last_tok_line = 0;
}

static int is_nl(int c) { return c == '\n' || c == '\r'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

static int peek(const struct lexer *lx, size_t off)
{
	return lx->pos + off < lx->len ? (unsigned char)lx->s[lx->pos + off] : -1;
}

/* Consumes one line break as Lua counts them: \n, \r, \r\n or \n\r. */
static void skip_newline(struct lexer *lx)
{
	int c = peek(lx, 0);
	lx->pos++;
	if (is_nl(peek(lx, 0)) && peek(lx, 0) != c)
		lx->pos++;
	lx->line++;
}

/* At '[': the level of a long bracket "[==[" (number of '='), or -1 when it is not one. */
static int long_bracket_level(const struct lexer *lx)
{
	size_t i = 1;
	while (peek(lx, i) == '=')
		i++;
	return peek(lx, i) == '[' ? (int)i - 1 : -1;
}

/* Skips a long bracket of `level` whose opening starts at pos; stops at the end of input
 * when it is unterminated (the Lua compiler reports that). */
static void skip_long(struct lexer *lx, int level)
{
	lx->pos += (size_t)level + 2;
	while (lx->pos < lx->len) {
		int c = peek(lx, 0);
		if (is_nl(c)) {
			skip_newline(lx);
			continue;
		}
		if (c == ']') {
			int i = 1;
			while (peek(lx, (size_t)i) == '=')
				i++;
			if (i - 1 == level && peek(lx, (size_t)i) == ']') {
				lx->pos += (size_t)i + 1;
				return;
			}
		}
		lx->pos++;
	}
}

static void skip_short_string(struct lexer *lx)
{
	int quote = peek(lx, 0);
	lx->pos++;
	while (lx->pos < lx->len) {
		int c = peek(lx, 0);
		if (c == quote) {
			lx->pos++;
			return;
		}
		if (is_nl(c))
			return;         /* unfinished string: Lua reports it */
		if (c == '\\') {
			lx->pos++;
			c = peek(lx, 0);
			if (is_nl(c)) {
				skip_newline(lx);
			} else if (c == 'z') {
				lx->pos++;
				while (lx->pos < lx->len && (is_space(peek(lx, 0)) || is_nl(peek(lx, 0)))) {
					if (is_nl(peek(lx, 0)))
						skip_newline(lx);
					else
						lx->pos++;
				}
			} else if (c >= 0) {
				lx->pos++;
			}
			continue;
		}
		lx->pos++;
	}
}

static void lex_next(struct lexer *lx, struct token *t)
{
	for (;;) {
		int c = peek(lx, 0);
		if (c < 0) {
			t->type = TK_EOF;
			t->start = t->end = lx->len;
			t->line = lx->line;
			t->first_on_line = lx->last_tok_line != lx->line;
			return;
		}
		if (is_nl(c)) {
			skip_newline(lx);
		} else if (is_space(c)) {
			lx->pos++;
		} else if (c == '-' && peek(lx, 1) == '-') {
			lx->pos += 2;
			if (peek(lx, 0) == '[' && long_bracket_level(lx) >= 0) {
				skip_long(lx, long_bracket_level(lx));
			} else {
				while (lx->pos < lx->len && !is_nl(peek(lx, 0)))
					lx->pos++;
			}
		} else {
			break;
		}
	}
	t->start = lx->pos;
	t->line = lx->line;
	t->first_on_line = lx->last_tok_line != lx->line;
	{
		int c = peek(lx, 0);
		if (is_alpha(c)) {
			while (is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0)))
				lx->pos++;
			t->type = TK_NAME;
		} else if (is_digit(c) || (c == '.' && is_digit(peek(lx, 1)))) {
			while (lx->pos < lx->len) {
				int d = peek(lx, 0);
				if ((d == '+' || d == '-') && lx->pos > t->start &&
				    strchr("eEpP", lx->s[lx->pos - 1]))
					lx->pos++;
				else if (is_alpha(d) || is_digit(d) || d == '.')
					lx->pos++;
				else
					break;
			}
			t->type = TK_NUMBER;
		} else if (c == '"' || c == '\'') {
			skip_short_string(lx);
			t->type = TK_STRING;
		} else if (c == '[' && long_bracket_level(lx) >= 0) {
			skip_long(lx, long_bracket_level(lx));
			t->type = TK_STRING;
		} else {
			lx->pos++;
			t->type = TK_SYM;
		}
	}
	t->end = lx->pos;
	lx->last_tok_line = lx->line;
	/* A token that spans lines (long string) ends on a later line: the next token on that
	 * line is not first on it. */
}

static int tok_is(const struct lexer *lx, const struct token *t, const char *word)
{
	size_t n = strlen(word);
	return t->end - t->start == n && memcmp(lx->s + t->start, word, n) == 0;
}

static int tok_is_sym(const struct lexer *lx, const struct token *t, char c)
{
	return t->type == TK_SYM && lx->s[t->start] == c;
}

static const char *const reserved[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
	"in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
	NULL
};

int li_is_identifier(const char *s)
{
	if (!is_alpha((unsigned char)s[0]))
		return 0;
	for (const char *p = s + 1; *p; p++)
		if (!is_alpha((unsigned char)*p) && !is_digit((unsigned char)*p))
			return 0;
	for (const char *const *r = reserved; *r; r++)
		if (rt_streq(*r, s))
			return 0;
	return 1;
}

/* ---- decorators ---- */

struct pending {
	unsigned flags;
	int first_line;
	char *first_name;     /* "@early" etc., for messages */
	char **includes;
	size_t n_includes, cap_includes;
};

static void pending_clear(struct pending *p)
{
	for (size_t i = 0; i < p->n_includes; i++)
		free(p->includes[i]);
	free(p->includes);
	free(p->first_name);
	memset(p, 0, sizeof(*p));
}

/* Replaces src[start..end) by spaces in the rewritten text, keeping line breaks. */
static void blank(struct li_dialect *d, size_t start, size_t end)
{
	for (size_t i = start; i < end; i++)
		if (!is_nl(d->text.buf[i]))
			d->text.buf[i] = ' ';
}

/* The contents of a short string token when it holds no escapes; NULL otherwise. */
static char *plain_string(const struct lexer *lx, const struct token *t)
{
	const char *s = lx->s + t->start;
	size_t n = t->end - t->start;
	if (n < 2 || (s[0] != '"' && s[0] != '\'') || s[n - 1] != s[0])
		return NULL;
	if (memchr(s + 1, '\\', n - 2))
		return NULL;
	return rt_xmemdupz(s + 1, n - 2);
}

/* Parses one decorator whose '@' token is `at`; adds it to p and blanks it out. */
static int parse_decorator(struct li_dialect *d, struct lexer *lx, const struct token *at,
			   struct pending *p, const char *file, struct rt_error *err)
{
	struct token name, t;
	char *word;
	unsigned flag;
	size_t end;

	if (!at->first_on_line)
		return rt_error(err, "%s:%d: a decorator must start its own line", file, at->line);
	lex_next(lx, &name);
	if (name.type != TK_NAME || name.start != at->end || name.line != at->line)
		return rt_error(err, "%s:%d: expected a decorator name after '@'", file, at->line);
	word = rt_xmemdupz(lx->s + name.start, name.end - name.start);
	if (rt_streq(word, "early")) {
		flag = LI_DECO_EARLY;
	} else if (rt_streq(word, "late")) {
		flag = LI_DECO_LATE;
	} else if (rt_streq(word, "include")) {
		flag = LI_DECO_INCLUDE;
	} else {
		rt_error(err, "%s:%d: unknown decorator '@%s' (expected @early, @late or @include)",
			 file, at->line, word);
		free(word);
		return -1;
	}
	if (p->flags & flag) {
		rt_error(err, "%s:%d: decorator '@%s' given twice", file, at->line, word);
		free(word);
		return -1;
	}
	end = name.end;

	/* Optional argument list on the same line. */
	{
		struct lexer save = *lx;
		lex_next(lx, &t);
		if (t.line == at->line && tok_is_sym(lx, &t, '(')) {
			int want_arg = 1, n_args = 0;
			for (;;) {
				lex_next(lx, &t);
				if (tok_is_sym(lx, &t, ')') && (!want_arg || n_args == 0))
					break;
				if (want_arg && t.type == TK_STRING && flag == LI_DECO_INCLUDE) {
					char *mod = plain_string(lx, &t);
					if (!mod || !li_is_identifier(mod)) {
						rt_error(err, "%s:%d: invalid module name %.*s in '@include'",
							 file, t.line, (int)(t.end - t.start),
							 lx->s + t.start);
						free(mod);
						free(word);
						return -1;
					}
					p->includes = rt_xgrow(p->includes, sizeof(char *),
							       p->n_includes + 1, &p->cap_includes);
					p->includes[p->n_includes++] = mod;
					n_args++;
					want_arg = 0;
				} else if (!want_arg && tok_is_sym(lx, &t, ',')) {
					want_arg = 1;
				} else {
					if (flag == LI_DECO_INCLUDE)
						rt_error(err, "%s:%d: '@include' takes module names as "
							 "quoted strings: @include(\"mod\", ...)", file,
							 at->line);
					else
						rt_error(err, "%s:%d: '@%s' takes no arguments", file,
							 at->line, word);
					free(word);
					return -1;
				}
			}
			end = t.end;
			if (flag == LI_DECO_INCLUDE && n_args == 0) {
				rt_error(err, "%s:%d: '@include' needs at least one module name", file,
					 at->line);
				free(word);
				return -1;
			}
		} else {
			*lx = save;
			if (flag == LI_DECO_INCLUDE) {
				rt_error(err, "%s:%d: '@include' needs module names: @include(\"mod\", ...)",
					 file, at->line);
				free(word);
				return -1;
			}
		}
	}
	/* Nothing but a comment may follow on the decorator's line. */
	{
		struct lexer save = *lx;
		lex_next(lx, &t);
		*lx = save;
		if (t.type != TK_EOF && t.line == lx->line && !t.first_on_line) {
			rt_error(err, "%s:%d: unexpected text after decorator '@%s'", file, at->line,
				 word);
			free(word);
			return -1;
		}
	}
	if (!p->flags) {
		p->first_line = at->line;
		p->first_name = rt_xstrfmt("@%s", word);
	}
	p->flags |= flag;
	if ((p->flags & LI_DECO_EARLY) && (p->flags & (LI_DECO_LATE | LI_DECO_INCLUDE))) {
		rt_error(err, "%s:%d: '@early' cannot be combined with '@%s'", file, at->line,
			 p->flags & LI_DECO_LATE ? "late" : "include");
		free(word);
		return -1;
	}
	free(word);
	blank(d, at->start, end);
	return 0;
}

int li_dialect_rewrite(struct li_dialect *d, const char *src, size_t len, const char *file,
		       struct rt_error *err)
{
	struct lexer lx;
	struct token t;
	struct pending p;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	rt_buf_reset(&d->text);
	rt_buf_add(&d->text, src, len);
	lex_init(&lx, src, len);
	for (;;) {
		lex_next(&lx, &t);
		if (t.type == TK_EOF)
			break;
		if (tok_is_sym(&lx, &t, '@')) {
			if (parse_decorator(d, &lx, &t, &p, file, err) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (!p.flags)
			continue;
		/* The token after a decorator group must start `function NAME (`. */
		{
			struct token name, paren;
			struct li_decorated *f;
			int ok = t.type == TK_NAME && tok_is(&lx, &t, "function");
			if (ok) {
				lex_next(&lx, &name);
				lex_next(&lx, &paren);
				ok = name.type == TK_NAME && tok_is_sym(&lx, &paren, '(');
			}
			if (!ok) {
				rc = rt_error(err, "%s:%d: decorator '%s' must be followed by a global "
					      "function definition 'function NAME(...)'", file,
					      p.first_line, p.first_name);
				break;
			}
			d->fns = rt_xgrow(d->fns, sizeof(*d->fns), d->n_fns + 1, &d->cap_fns);
			f = &d->fns[d->n_fns++];
			memset(f, 0, sizeof(*f));
			f->name = rt_xmemdupz(src + name.start, name.end - name.start);
			f->line = t.line;
			f->deco_line = p.first_line;
			f->flags = p.flags;
			f->includes = p.includes;
			f->n_includes = p.n_includes;
			p.includes = NULL;
			p.n_includes = 0;
			pending_clear(&p);
		}
	}
	if (rc == 0 && p.flags)
		rc = rt_error(err, "%s:%d: decorator '%s' must be followed by a global function "
			      "definition 'function NAME(...)'", file, p.first_line, p.first_name);
	pending_clear(&p);
	return rc;
}

const struct li_decorated *li_dialect_find(const struct li_dialect *d, int line)
{
	for (size_t i = 0; i < d->n_fns; i++)
		if (d->fns[i].line == line)
			return &d->fns[i];
	return NULL;
}

void li_dialect_release(struct li_dialect *d)
{
	for (size_t i = 0; i < d->n_fns; i++) {
		for (size_t j = 0; j < d->fns[i].n_includes; j++)
			free(d->fns[i].includes[j]);
		free(d->fns[i].includes);
		free(d->fns[i].name);
	}
	free(d->fns);
	d->fns = NULL;
	d->n_fns = d->cap_fns = 0;
	rt_buf_release(&d->text);
}

/* ---- cutting a function's source ---- */

/* Block depth change of a keyword token: function/do/if/repeat open, end/until close. */
static int block_delta(const struct lexer *lx, const struct token *t)
{
	if (t->type != TK_NAME)
		return 0;
	if (tok_is(lx, t, "function") || tok_is(lx, t, "do") || tok_is(lx, t, "if") ||
	    tok_is(lx, t, "repeat"))
		return 1;
	if (tok_is(lx, t, "end") || tok_is(lx, t, "until"))
		return -1;
	return 0;
}

/* From the `function` token t (lexer just after it), the token that closes it; 0 on EOF. */
static int find_close(const struct lexer *after, struct token *close)
{
	struct lexer scan = *after;
	int depth = 1;
	while (depth > 0) {
		lex_next(&scan, close);
		if (close->type == TK_EOF)
			return 0;
		depth += block_delta(&scan, close);
	}
	return 1;
}

int li_dialect_cut_function(const char *src, size_t len, int first, int last, const char *name,
			    struct rt_buf *out)
{
	struct lexer lx, best_after;
	struct token t, close, best_close, fname;
	size_t nlen = strlen(name);
	int found = 0;

	/* Among the `function` keywords on the first line that close on the last line, prefer
	 * `function <name>`; else take the first (several functions on one line are rare). */
	lex_init(&lx, src, len);
	for (;;) {
		lex_next(&lx, &t);
		if (t.type == TK_EOF || t.line > first)
			break;
		if (t.line != first || t.type != TK_NAME || !tok_is(&lx, &t, "function"))
			continue;
		if (!find_close(&lx, &close) || close.line != last)
			continue;
		{
			struct lexer nl = lx;
			lex_next(&nl, &fname);
			if (!found || (fname.type == TK_NAME && fname.end - fname.start == nlen &&
				       memcmp(src + fname.start, name, nlen) == 0)) {
				best_after = lx;
				best_close = close;
				best_close.start = t.start;   /* remember where the keyword starts */
				found = 1;
				if (fname.type == TK_NAME && fname.end - fname.start == nlen &&
				    memcmp(src + fname.start, name, nlen) == 0)
					break;
			}
		}
	}
	if (!found)
		return -1;
	lx = best_after;
	lex_next(&lx, &fname);
	rt_buf_reset(out);
	if (fname.type == TK_NAME && fname.end - fname.start == nlen &&
	    memcmp(src + fname.start, name, nlen) == 0) {
		rt_buf_add(out, src + best_close.start, best_close.end - best_close.start);
	} else if (fname.type == TK_NAME) {
		/* `function other(...)`: rebind under the attribute's name; a method or field
		 * name (a.b, a:b) cannot stand alone. */
		struct token paren;
		lex_next(&lx, &paren);
		if (!tok_is_sym(&lx, &paren, '('))
			return -1;
		rt_buf_addf(out, "%s = function", name);
		rt_buf_add(out, src + fname.end, best_close.end - fname.end);
	} else {
		rt_buf_addf(out, "%s = ", name);
		rt_buf_add(out, src + best_close.start, best_close.end - best_close.start);
	}
	return 0;
}
