#ifndef GREET_H
#define GREET_H
/* Writes "Hello, <who>!" and a newline to stdout; returns 0 on success. */
int greet(const char *who);
#endif
