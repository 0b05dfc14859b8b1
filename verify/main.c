/* main.c: gavel-verify, the auditor's command line (formats/README.md) */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "sig.h"
#include "verify.h"

/* "gavel-verify COMMAND ARGS... (COMMAND: allocation, ...)", from the table. */
static const char *
synopsis(void)
{
	static char buf[512];
	const struct gv_verify_cmd *c;
	size_t i, n;

	n = (size_t)snprintf(buf, sizeof(buf), "gavel-verify COMMAND ARGS... "
	    "(COMMAND:");
	for (i = 0; (c = gv_verify_nth(i)) != NULL && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s",
		    i ? "," : "", c->name);
	if (n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, ")");
	return buf;
}

static const char head[] =
"usage: gavel-verify COMMAND ARGS...\n"
"       gavel-verify COMMAND --help\n"
"\n"
"Re-check gavel documents from scratch (formats/). It never links GLPK or\n"
"the solver. Commands:\n";

static const char tail[] =
"\n"
"options:\n"
"  -h, --help          print this help and exit (COMMAND --help: that\n"
"                      command's options, exit status and examples)\n"
"      --version       print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"      --list-options  print the options gavel-verify parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid (slashing: slashable)\n"
"  1  well-formed but invalid, or not slashable (the reason on stderr)\n"
"  2  usage error, unreadable or malformed input\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify allocation corpus/valid/example-epoch.json \\\n"
"      corpus/valid/example-epoch.allocation.json\n"
"  gavel-verify inclusion corpus/valid/inclusion-rfc6962.json\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/valid/slashing-equivocation.json\n";

/* The options of gavel-verify itself and those every command has. */
static const struct option top_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-options", no_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};
static const struct option cmd_common[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "list-options", no_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};

/* The help: the commands come from the table, so none is left out. */
static void
print_help(void)
{
	const struct gv_verify_cmd *c;
	const char *p, *nl;
	size_t i;

	fputs(head, stdout);
	for (i = 0; (c = gv_verify_nth(i)) != NULL; i++) {
		printf("  %s %s\n", c->name, c->args);
		for (p = c->summary; p != NULL && *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			printf("        %.*s\n", (int)(nl ? nl - p : (long)strlen(p)),
			    p);
			if (nl == NULL)
				break;
		}
	}
	fputs(tail, stdout);
}

/* The option called word ("--NAME" or "--NAME=..."), or NULL. */
static const struct option *
find_opt(const struct option *o, const char *word)
{
	size_t n = strcspn(word + 2, "=");

	for (; o != NULL && o->name != NULL; o++)
		if (strlen(o->name) == n && strncmp(o->name, word + 2, n) == 0)
			return o;
	return NULL;
}

/* The option whose short form word is ("-o": val 'o'), or NULL. */
static const struct option *
find_short(const struct option *o, const char *word)
{
	if (word[1] == '\0' || word[2] != '\0')
		return NULL;
	for (; o != NULL && o->name != NULL; o++)
		if (o->val == word[1])
			return o;
	return NULL;
}

/*
 * Before a command runs: -h/--help and --list-options anywhere, and any
 * other word starting with '-' that the command's option table does not
 * have is refused, saying which. -1 to go on, or the exit status.
 */
static int
command_options(const struct gv_verify_cmd *cmd, int argc, char **argv)
{
	const struct option *o;
	char tool[64], hint[256];
	int i;

	snprintf(tool, sizeof(tool), "gavel-verify: %s", cmd->name);
	snprintf(hint, sizeof(hint), "gavel-verify %s %s", cmd->name,
	    cmd->args);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			if (cmd->help == NULL) {
				fprintf(stderr, "gavel-verify: %s: no help "
				    "text\n", cmd->name);
				return GV_INTERNAL;
			}
			fputs(cmd->help, stdout);
			return GV_OK;
		}
		if (strcmp(argv[i], "--list-options") == 0) {
			gv_cli_list_options(NULL, "h");
			gv_cli_list_options(cmd->opts, NULL);
			gv_cli_list_options(cmd_common, NULL);
			return GV_OK;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			continue;
		o = argv[i][1] == '-' ? find_opt(cmd->opts, argv[i]) :
		    find_short(cmd->opts, argv[i]);
		if (o == NULL)
			return gv_cli_usage(tool, hint, "unknown option "
			    "\"%.64s\"", argv[i]);
		if (o->has_arg == required_argument &&
		    strchr(argv[i], '=') == NULL)
			i++;	/* its value, checked by the command */
	}
	return -1;
}

int
main(int argc, char **argv)
{
	const struct gv_verify_cmd *cmd;
	struct gv_err e = { 0, "" };
	char out[8192];	/* an atomic receipt's 16 legs fit */
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		print_help();
		return GV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		gv_cli_version("gavel-verify", NULL);
		return GV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--list-options") == 0) {
		gv_cli_list_options(top_opts, "h");
		return GV_OK;
	}
	if (argc < 2)
		return gv_cli_usage("gavel-verify", synopsis(), NULL);
	if (argv[1][0] == '-')
		return gv_cli_usage("gavel-verify", synopsis(),
		    "unknown option \"%.64s\"", argv[1]);
	if ((cmd = gv_verify_find(argv[1])) == NULL)
		return gv_cli_usage("gavel-verify", synopsis(),
		    "unknown command \"%.64s\"", argv[1]);
	if ((rc = command_options(cmd, argc - 2, argv + 2)) >= 0)
		return rc;
	if (argc - 2 < cmd->min_args || argc - 2 > cmd->max_args) {
		fprintf(stderr, "usage: gavel-verify %s %s\n", cmd->name,
		    cmd->args);
		return GV_MALFORMED;
	}
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-verify: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	out[0] = '\0';
	rc = cmd->run(argc - 2, argv + 2, out, sizeof(out), &e);
	if (rc != GV_OK) {
		gv_err_print("gavel-verify", &e);
		return rc;
	}
	fputs(out, stdout);
	return GV_OK;
}
