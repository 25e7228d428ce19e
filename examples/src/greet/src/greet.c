#include "greet.h"
#include <stdio.h>

int greet(const char *who)
{
	return printf("Hello, %s!\n", who) < 0 ? -1 : 0;
}
