/* main.c - the `rez` front end: dispatches on `rez SUBCOMMAND` and on argv[0] (rez-env...). */
#include "runtime/common.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("rez: no subcommands yet\n", stderr);
	return RT_EXIT_USAGE;
}
