/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * workforce-admin: manage the employee gallery.
 *
 *   workforce-admin enroll --db DB --id ID --name NAME IMAGE...
 *   workforce-admin list --db DB
 *   workforce-admin remove --db DB --id ID [--results RESULTS]
 *   workforce-admin consent --db DB --id ID --given yes|no [--note NOTE]
 *   workforce-admin export --db DB --id ID [--results RESULTS]
 *   workforce-admin identify --db DB [--threshold T] IMAGE...
 *
 * Exit codes follow sysexits.h: 64 usage, 65 bad data (no face, several
 * faces, not an image, truncated JPEG, duplicate id, damaged or foreign
 * database), 66 missing input file or database, 67 unknown employee,
 * 69 models or backend unavailable, 73 database cannot be created,
 * 74 other I/O errors, 75 database busy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <sysexits.h>

#include "wf-admin.h"


typedef struct {
  const gchar *name;
  const gchar *summary;
  int (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  {"enroll", "Enroll a new employee from photos", wf_admin_cmd_enroll},
  {"list", "List enrolled employees", wf_admin_cmd_list},
  {"remove", "Remove an employee and all their data", wf_admin_cmd_remove},
  {"consent", "Record an employee's consent or its withdrawal",
      wf_admin_cmd_consent},
  {"export", "Everything held about an employee (JSON)",
      wf_admin_cmd_export},
  {"identify", "Name the faces in images (JSON lines)", wf_admin_cmd_identify},
};

static void
print_usage (FILE * out)
{
  fprintf (out, "Usage:\n  %s COMMAND [OPTION...]\n\nCommands:\n",
      g_get_prgname ());
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nGlobal options (before COMMAND):\n"
      "  -q, --quiet   no progress or confirmation on stderr\n"
      "  --version     print the version\n"
      "\n'%s COMMAND --help' describes each command.\n", g_get_prgname ());
}

int
main (int argc, char **argv)
{
  g_autofree gchar *prg = NULL;
  gint first = 1;

  setlocale (LC_ALL, "");
  g_set_prgname ("workforce-admin");

  while (first < argc && argv[first][0] == '-') {
    const gchar *a = argv[first];
    if (g_str_equal (a, "--help") || g_str_equal (a, "-h")) {
      print_usage (stdout);
      return EX_OK;
    } else if (g_str_equal (a, "--version")) {
      g_print ("workforce-admin %s\n", VERSION);
      return EX_OK;
    } else if (g_str_equal (a, "--quiet") || g_str_equal (a, "-q")) {
      wf_admin_quiet = TRUE;
    } else {
      g_printerr ("%s: unknown option '%s'\n", g_get_prgname (), a);
      print_usage (stderr);
      return EX_USAGE;
    }
    first++;
  }
  if (first >= argc) {
    print_usage (stderr);
    return EX_USAGE;
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++) {
    if (g_str_equal (argv[first], commands[i].name)) {
      /* the subcommand's own parser sees "workforce-admin COMMAND ..." */
      prg = g_strdup_printf ("workforce-admin %s", commands[i].name);
      g_set_prgname (prg);
      argv[first] = prg;
      return commands[i].run (argc - first, argv + first);
    }
  }
  g_printerr ("workforce-admin: unknown command '%s'\n", argv[first]);
  print_usage (stderr);
  return EX_USAGE;
}
