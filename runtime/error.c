/* error.c - recorded error messages (see error.h). */
#include "runtime/error.h"
#include "runtime/buf.h"

int rt_verror(struct rt_error *err, const char *fmt, va_list ap)
{
	struct rt_buf sb = RT_BUF_INIT;
	if (!err)
		return -1;
	rt_buf_vaddf(&sb, fmt, ap);
	free(err->msg);
	err->msg = rt_buf_detach(&sb, NULL);
	return -1;
}

int rt_error(struct rt_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_verror(err, fmt, ap);
	va_end(ap);
	return -1;
}

int rt_error_prefix(struct rt_error *err, const char *fmt, ...)
{
	struct rt_buf sb = RT_BUF_INIT;
	va_list ap;
	if (!err)
		return -1;
	va_start(ap, fmt);
	rt_buf_vaddf(&sb, fmt, ap);
	va_end(ap);
	rt_buf_adds(&sb, ": ");
	rt_buf_adds(&sb, err->msg ? err->msg : "unknown error");
	free(err->msg);
	err->msg = rt_buf_detach(&sb, NULL);
	return -1;
}

int rt_error_move(struct rt_error *dst, struct rt_error *src)
{
	if (dst) {
		free(dst->msg);
		dst->msg = src->msg;
	} else {
		free(src->msg);
	}
	src->msg = NULL;
	return -1;
}

void rt_error_release(struct rt_error *err)
{
	free(err->msg);
	err->msg = NULL;
}
