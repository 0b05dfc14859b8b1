/* cli.c: what every gavel tool's command line shares: --version, --list-options, usage errors (README.md, "Commands") */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>
#include <jansson.h>
#include <sodium.h>

#include "cli.h"
#include "err.h"
#include "version.h"

void
gv_cli_version(const char *tool, const char *glpk)
{
	printf("%s %s\n", tool, GV_VERSION);
	if (glpk != NULL)
		printf("GLPK %s\n", glpk);
	printf("GMP %s\n", gmp_version);
	printf("jansson %s\n", jansson_version_str());
	printf("libsodium %s\n", sodium_version_string());
}

void
gv_cli_list_options(const struct option *longopts, const char *shortopts)
{
	const struct option *o;
	const char *p;

	/* ':' marks an argument; a leading '+' or '-' is getopt's mode */
	for (p = shortopts; p != NULL && *p != '\0'; p++)
		if (*p != ':' && *p != '+' && *p != '-')
			printf("-%c\n", *p);
	for (o = longopts; o != NULL && o->name != NULL; o++)
		printf("--%s\n", o->name);
}

int
gv_cli_usage(const char *tool, const char *synopsis, const char *fmt, ...)
{
	struct gv_err e = { GV_MALFORMED, "" };
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
		va_end(ap);
		gv_err_print(tool, &e);
	}
	fprintf(stderr, "usage: %s\n", synopsis);
	return GV_MALFORMED;
}

int
gv_cli_bad_option(const char *tool, const char *synopsis, int c,
    char *const argv[])
{
	/* getopt leaves optind past the word it rejected, or on it. */
	const char *word = optind > 0 ? argv[optind - 1] : "";
	char name[80], q[96];

	if (strncmp(word, "--", 2) == 0) {
		/* a long option: its name without any "=VALUE" */
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(word, "="), word);
	} else if (optopt != 0)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%s", word);
	gv_quote(q, sizeof(q), name);
	if (c == '?' && optopt != 0 && strncmp(word, "--", 2) == 0 &&
	    strchr(word, '=') != NULL)
		return gv_cli_usage(tool, synopsis, "option %s takes no "
		    "argument", q);
	if (c == ':')
		return gv_cli_usage(tool, synopsis, "option %s needs an argument",
		    q);
	return gv_cli_usage(tool, synopsis, "unknown option %s", q);
}

int
gv_progress_parse(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return GV_PROGRESS_AUTO;
	if (strcmp(s, "never") == 0)
		return GV_PROGRESS_NEVER;
	if (strcmp(s, "always") == 0)
		return GV_PROGRESS_ALWAYS;
	if (strcmp(s, "json") == 0)
		return GV_PROGRESS_JSON;
	return -1;
}
