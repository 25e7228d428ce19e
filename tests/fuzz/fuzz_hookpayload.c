/* fuzz_hookpayload.c - libFuzzer target for the release hooks' payload builders: Python's
 * json.dumps (the AMQP body), repr, and the email message. Input: JSON (a value to dump), or
 * any bytes used as an email subject and body. Invariants: the dump of a parsed value parses
 * back to an equal value and is pure ASCII; the email's header section has exactly the
 * headers we write (no injection through CR/LF) and every line ends in CRLF. */
#include "hooks/release/release.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_email(const char *subject, const char *body)
{
	struct rt_value *to = rt_value_list();
	struct rt_buf m = RT_BUF_INIT;
	const char *end;
	size_t headers = 0;
	rt_list_push(to, rt_value_str("a@x.com"));
	hk_email_message("from@x.com", to, subject, body, "Mon, 01 Jan 2024 00:00:00 +0000",
			 "<id@x>", &m);
	end = strstr(m.buf, "\r\n\r\n");
	if (!end)
		__builtin_trap();
	for (const char *p = m.buf; p < end; p++) {
		if (*p == '\n' && (p == m.buf || p[-1] != '\r'))
			__builtin_trap();
		if (*p == '\r' && p[1] != '\n')
			__builtin_trap();
		if (*p == '\n' && p[1] != ' ')
			headers++;
	}
	/* Date From To Subject Message-ID MIME-Version Content-Type (the last \n is the
	 * separator's first) + Content-Transfer-Encoding */
	if (headers != 7)
		__builtin_trap();
	for (size_t i = 0; i < m.len; i++)
		if (m.buf[i] == '\n' && (i == 0 || m.buf[i - 1] != '\r'))
			__builtin_trap();
	rt_buf_release(&m);
	rt_value_free(to);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_value *v = rt_json_parse((const char *)data, size, "fuzz", NULL);
	char *text = rt_xmemdupz(data, size);
	char *nl = strchr(text, '\n');
	if (v) {
		struct rt_buf out = RT_BUF_INIT, r = RT_BUF_INIT;
		struct rt_value *back;
		hk_json_dumps(v, &out);
		hk_repr(v, &r);
		for (size_t i = 0; i < out.len; i++)
			if ((unsigned char)out.buf[i] >= 0x80 || (unsigned char)out.buf[i] < 0x20)
				__builtin_trap();
		back = rt_json_parse(out.buf, out.len, "dump", NULL);
		if (!back || !rt_value_equal(v, back))
			__builtin_trap();
		rt_value_free(back);
		rt_buf_release(&out);
		rt_buf_release(&r);
		rt_value_free(v);
	}
	if (nl)
		*nl = '\0';
	check_email(text, nl ? nl + 1 : "");
	free(text);
	return 0;
}
