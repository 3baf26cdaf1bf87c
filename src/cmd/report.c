#include "cmd/cmd.h"

void cmd_print_report(FILE *f, const PkgReport *r)
{
	char line[1024];
	for (size_t i = 0; i < r->n; i++)
		if (pkg_report_line(r, i, line, sizeof(line)) >= 0)
			fprintf(f, "%s\n", line);
}

void cmd_print_report_in(FILE *f, const PkgReport *r, const Words *w)
{
	char line[1400];
	for (size_t i = 0; i < r->n; i++)
		if (pkg_report_line_in(r, i, w ? words_translate : NULL, w, line, sizeof(line)) >=
		    0)
			fprintf(f, "%s\n", line);
}
