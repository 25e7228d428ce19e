/* curl.c - the libcurl functions the release hooks call, forwarding to the library opened on
 * first use (runtime/dynlib.h): only a release that sends mail or runs an HTTP hook loads it. */
#define CURL_DISABLE_TYPECHECK   /* these are the functions, not curl.h's checking macros */
#include "runtime/dynlib.h"

#include <curl/curl.h>
#include <stdarg.h>

static struct rt_dynlib lib = RT_DYNLIB_INIT(REZ_SONAME_CURL);

RT_DYNLIB_DECLARE(curl_easy_init)
RT_DYNLIB_DECLARE(curl_easy_cleanup)
RT_DYNLIB_DECLARE(curl_easy_perform)
RT_DYNLIB_DECLARE(curl_easy_strerror)
RT_DYNLIB_DECLARE(curl_easy_setopt)
RT_DYNLIB_DECLARE(curl_easy_getinfo)
RT_DYNLIB_DECLARE(curl_slist_append)
RT_DYNLIB_DECLARE(curl_slist_free_all)

CURL *curl_easy_init(void)
{
	return RT_DYNLIB_FN(&lib, curl_easy_init)();
}

void curl_easy_cleanup(CURL *curl)
{
	RT_DYNLIB_FN(&lib, curl_easy_cleanup)(curl);
}

CURLcode curl_easy_perform(CURL *curl)
{
	return RT_DYNLIB_FN(&lib, curl_easy_perform)(curl);
}

const char *curl_easy_strerror(CURLcode code)
{
	return RT_DYNLIB_FN(&lib, curl_easy_strerror)(code);
}

/* One argument follows the option; its type is given by the option's number range (curl.h's
 * CURLOPTTYPE_*): long, object pointer, function pointer, curl_off_t, or blob pointer. */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
	CURLcode rc;
	va_list ap;

	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT) {
		long v = va_arg(ap, long);
		rc = RT_DYNLIB_FN(&lib, curl_easy_setopt)(curl, option, v);
	} else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
		void *v = va_arg(ap, void *);
		rc = RT_DYNLIB_FN(&lib, curl_easy_setopt)(curl, option, v);
	} else if (option < CURLOPTTYPE_OFF_T) {
		void (*v)(void) = va_arg(ap, void (*)(void));
		rc = RT_DYNLIB_FN(&lib, curl_easy_setopt)(curl, option, v);
	} else if (option < CURLOPTTYPE_BLOB) {
		curl_off_t v = va_arg(ap, curl_off_t);
		rc = RT_DYNLIB_FN(&lib, curl_easy_setopt)(curl, option, v);
	} else {
		void *v = va_arg(ap, void *);
		rc = RT_DYNLIB_FN(&lib, curl_easy_setopt)(curl, option, v);
	}
	va_end(ap);
	return rc;
}

/* Every CURLINFO_* takes one pointer to where the value goes. */
CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
	CURLcode rc;
	va_list ap;
	void *p;

	va_start(ap, info);
	p = va_arg(ap, void *);
	va_end(ap);
	rc = RT_DYNLIB_FN(&lib, curl_easy_getinfo)(curl, info, p);
	return rc;
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *data)
{
	return RT_DYNLIB_FN(&lib, curl_slist_append)(list, data);
}

void curl_slist_free_all(struct curl_slist *list)
{
	RT_DYNLIB_FN(&lib, curl_slist_free_all)(list);
}
