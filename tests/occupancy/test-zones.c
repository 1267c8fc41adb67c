/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Zone and line syntax, geometry, direction rule and key files. */
#include <string.h>

#include <glib/gstdio.h>

#include "wf-zones.h"

static void
test_parse_issue_examples (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) zones =
      wf_zones_parse ("room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5",
      &err);
  g_autoptr (GPtrArray) lines = NULL;
  g_autofree gchar *zs = NULL, *ls = NULL;
  const WfZone *room, *desk;
  const WfLine *door;

  g_assert_no_error (err);
  g_assert_cmpuint (zones->len, ==, 2);
  room = g_ptr_array_index (zones, 0);
  desk = g_ptr_array_index (zones, 1);
  g_assert_cmpstr (room->name, ==, "room");
  g_assert_cmpuint (room->n_points, ==, 4);
  g_assert_cmpstr (desk->name, ==, "desk");
  g_assert_cmpuint (desk->n_points, ==, 3);
  g_assert_cmpfloat (desk->xy[5], ==, 0.5);

  lines = wf_lines_parse ("door=0.5,0 0.5,1", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (lines->len, ==, 1);
  door = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (door->name, ==, "door");
  g_assert_cmpfloat (door->ax, ==, 0.5);
  g_assert_cmpfloat (door->by, ==, 1.0);

  zs = wf_zones_to_string (zones);
  g_assert_cmpstr (zs, ==, "room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5");
  ls = wf_lines_to_string (lines);
  g_assert_cmpstr (ls, ==, "door=0.5,0 0.5,1");
}

static void
test_parse_lenient_space (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) zones =
      wf_zones_parse ("  a = 0,0  1,0\t1,1 ; ;b=0,0 0.5,0 0.5,0.5;", &err);
  g_autoptr (GPtrArray) empty = wf_zones_parse ("", &err);
  g_autoptr (GPtrArray) none = wf_lines_parse (NULL, &err);

  g_assert_no_error (err);
  g_assert_cmpuint (zones->len, ==, 2);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
}

typedef struct {
  const gchar *input;
  gint code;
  const gchar *mentions;        /* the message must name the problem */
} Bad;

static void
test_zones_malformed (void)
{
  static const Bad bad[] = {
    {"room", WF_ZONES_ERROR_SYNTAX, "not NAME=VALUE"},
    {"room 0,0 1,0 1,1", WF_ZONES_ERROR_SYNTAX, "not NAME=VALUE"},
    {"=0,0 1,0 1,1", WF_ZONES_ERROR_SYNTAX, "name '' is invalid"},
    {"my room=0,0 1,0 1,1", WF_ZONES_ERROR_SYNTAX, "'my room' is invalid"},
    {"r;m=0,0 1,0 1,1", WF_ZONES_ERROR_SYNTAX, "'r'"},
    {"room=0,0 1,0 1", WF_ZONES_ERROR_SYNTAX, "point 3 '1' is not x,y"},
    {"room=0,0 1,0 1,1,1", WF_ZONES_ERROR_SYNTAX, "point 3"},
    {"room=0,0 1;0 1,1", WF_ZONES_ERROR_SYNTAX, "not x,y"},
    {"room=0,0 a,0 1,1", WF_ZONES_ERROR_SYNTAX, "'a,0' is not two numbers"},
    {"room=0,0 1,0 1,", WF_ZONES_ERROR_SYNTAX, "'1,' is not two numbers"},
    {"room=0,0 1,0 nan,1", WF_ZONES_ERROR_SYNTAX, "not two numbers"},
    {"room=0,0 1,0 1e400,1", WF_ZONES_ERROR_SYNTAX, "not two numbers"},
    {"room=0,0 1.5,0 1,1", WF_ZONES_ERROR_RANGE, "outside [0,1]"},
    {"room=0,0 1,0 1,-0.1", WF_ZONES_ERROR_RANGE, "outside [0,1]"},
    {"room=0,0 640,0 640,480", WF_ZONES_ERROR_RANGE, "outside [0,1]"},
    {"room=", WF_ZONES_ERROR_GEOMETRY, "has 0 points"},
    {"room=0,0 1,1", WF_ZONES_ERROR_GEOMETRY, "has 2 points, a polygon needs "
          "at least 3"},
    {"room=0,0 0.5,0.5 1,1", WF_ZONES_ERROR_GEOMETRY, "no area"},
    {"a=0,0 1,0 1,1;a=0,0 1,0 0,1", WF_ZONES_ERROR_DUPLICATE,
        "'a' is given twice"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) err = NULL;
    g_autoptr (GPtrArray) zones = wf_zones_parse (bad[i].input, &err);

    g_test_message ("zones=\"%s\" -> %s", bad[i].input,
        err ? err->message : "(accepted)");
    g_assert_null (zones);
    g_assert_error (err, WF_ZONES_ERROR, bad[i].code);
    g_assert_nonnull (strstr (err->message, bad[i].mentions));
  }
}

static void
test_lines_malformed (void)
{
  static const Bad bad[] = {
    {"door", WF_ZONES_ERROR_SYNTAX, "not NAME=VALUE"},
    {"door=0.5,0", WF_ZONES_ERROR_GEOMETRY, "has 1 point, a line needs "
          "exactly 2"},
    {"door=0.5,0 0.5,1 0,0", WF_ZONES_ERROR_GEOMETRY, "has 3 points"},
    {"door=0.5,0 0.5,0", WF_ZONES_ERROR_GEOMETRY, "zero length"},
    {"door=0.5,0 0.5,2", WF_ZONES_ERROR_RANGE, "outside [0,1]"},
    {"door=0.5;0 0.5,1", WF_ZONES_ERROR_SYNTAX, "not x,y"},
    {"door=0.5,0 0.5,1;door=0,0 1,1", WF_ZONES_ERROR_DUPLICATE,
        "'door' is given twice"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) err = NULL;
    g_autoptr (GPtrArray) lines = wf_lines_parse (bad[i].input, &err);

    g_test_message ("lines=\"%s\" -> %s", bad[i].input,
        err ? err->message : "(accepted)");
    g_assert_null (lines);
    g_assert_error (err, WF_ZONES_ERROR, bad[i].code);
    g_assert_nonnull (strstr (err->message, bad[i].mentions));
  }
}

static void
test_too_many (void)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) zones = NULL;
  guint i;

  for (i = 0; i <= WF_ZONES_MAX; i++)
    g_string_append_printf (s, "z%u=0,0 1,0 1,1;", i);
  zones = wf_zones_parse (s->str, &err);
  g_assert_null (zones);
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE);
  g_clear_error (&err);

  g_string_assign (s, "big=");
  for (i = 0; i <= WF_ZONE_MAX_POINTS; i++)
    g_string_append_printf (s, "%u.0,0.5 ", i % 2);
  zones = wf_zones_parse (s->str, &err);
  g_assert_null (zones);
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE);
  g_assert_nonnull (strstr (err->message, "more than"));
}

static void
test_capacity (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GHashTable) c = wf_capacity_parse ("room=10;desk=2", &err);
  static const Bad bad[] = {
    {"room=0", WF_ZONES_ERROR_SYNTAX, "not a whole number"},
    {"room=-1", WF_ZONES_ERROR_SYNTAX, "not a whole number"},
    {"room=ten", WF_ZONES_ERROR_SYNTAX, "'ten'"},
    {"room=1.5", WF_ZONES_ERROR_SYNTAX, "'1.5'"},
    {"room", WF_ZONES_ERROR_SYNTAX, "not NAME=VALUE"},
    {"room=1;room=2", WF_ZONES_ERROR_DUPLICATE, "twice"},
  };
  guint i;

  g_assert_no_error (err);
  g_assert_cmpuint (g_hash_table_size (c), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (c, "room")), ==,
      10);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (c, "desk")), ==, 2);

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) e = NULL;
    g_autoptr (GHashTable) t = wf_capacity_parse (bad[i].input, &e);
    g_assert_null (t);
    g_assert_error (e, WF_ZONES_ERROR, bad[i].code);
    g_assert_nonnull (strstr (e->message, bad[i].mentions));
  }
}

static void
test_contains (void)
{
  g_autoptr (GPtrArray) zones =
      wf_zones_parse ("desk=0.1,0.1 0.4,0.1 0.4,0.5;"
      "ell=0,0 0.6,0 0.6,0.2 0.2,0.2 0.2,1 0,1", NULL);
  const WfZone *desk = g_ptr_array_index (zones, 0);
  const WfZone *ell = g_ptr_array_index (zones, 1);

  /* triangle (0.1,0.1) (0.4,0.1) (0.4,0.5) */
  g_assert_true (wf_zone_contains (desk, 0.35, 0.2));
  g_assert_false (wf_zone_contains (desk, 0.15, 0.4));  /* in bbox, not in */
  g_assert_false (wf_zone_contains (desk, 0.5, 0.2));
  /* concave L shape */
  g_assert_true (wf_zone_contains (ell, 0.1, 0.9));
  g_assert_true (wf_zone_contains (ell, 0.5, 0.1));
  g_assert_false (wf_zone_contains (ell, 0.5, 0.5));
}

/* The rule from the issue: for door=0.5,0 0.5,1, right to left is "in". */
static void
test_line_direction (void)
{
  g_autoptr (GPtrArray) lines = wf_lines_parse ("door=0.5,0 0.5,1;"
      "short=0.5,0.4 0.5,0.6;flat=0,0.5 1,0.5", NULL);
  const WfLine *door = g_ptr_array_index (lines, 0);
  const WfLine *shrt = g_ptr_array_index (lines, 1);
  const WfLine *flat = g_ptr_array_index (lines, 2);

  g_assert_cmpint (wf_line_side (door, 0.2, 0.5), ==, 1);
  g_assert_cmpint (wf_line_side (door, 0.8, 0.5), ==, -1);
  g_assert_cmpint (wf_line_side (door, 0.5, 0.3), ==, 0);

  g_assert_cmpint (wf_line_crossing (door, 0.7, 0.5, 0.3, 0.5), ==, 1);
  g_assert_cmpint (wf_line_crossing (door, 0.3, 0.5, 0.7, 0.5), ==, -1);
  g_assert_cmpint (wf_line_crossing (door, 0.3, 0.5, 0.4, 0.5), ==, 0);
  /* ending exactly on the line is not yet a crossing */
  g_assert_cmpint (wf_line_crossing (door, 0.3, 0.5, 0.5, 0.5), ==, 0);

  /* passing beyond the end of a short segment is not a crossing */
  g_assert_cmpint (wf_line_crossing (shrt, 0.7, 0.5, 0.3, 0.5), ==, 1);
  g_assert_cmpint (wf_line_crossing (shrt, 0.7, 0.8, 0.3, 0.8), ==, 0);
  g_assert_cmpint (wf_line_crossing (shrt, 0.7, 0.1, 0.3, 0.1), ==, 0);

  /* A=(0,0.5) B=(1,0.5): (B-A)x(Q-A) = Qy-0.5 > 0 below the line (y down),
   * so walking down is "in" */
  g_assert_cmpint (wf_line_crossing (flat, 0.5, 0.3, 0.5, 0.7), ==, 1);
  g_assert_cmpint (wf_line_crossing (flat, 0.5, 0.7, 0.5, 0.3), ==, -1);
}

static void
test_key_file (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("wf-zones-XXXXXX", &err);
  g_autofree gchar *good = g_build_filename (dir, "good.ini", NULL);
  g_autofree gchar *bad = g_build_filename (dir, "bad.ini", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "missing.ini", NULL);
  g_autoptr (GPtrArray) zones = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GHashTable) cap = NULL;

  g_assert_no_error (err);
  g_assert_true (g_file_set_contents (good,
          "# office camera\n[zones]\nroom=0,0 1,0 1,1 0,1\n"
          "desk=0.1,0.1 0.4,0.1 0.4,0.5\n[lines]\ndoor=0.5,0 0.5,1\n"
          "[capacity]\nroom=10\n", -1, NULL));
  g_assert_true (wf_zones_load_key_file (good, &zones, &lines, &cap, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (zones->len, ==, 2);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (cap, "room")), ==,
      10);

  g_assert_true (g_file_set_contents (bad,
          "[zones]\nroom=0,0 1,0 2,1\n", -1, NULL));
  g_assert_false (wf_zones_load_key_file (bad, NULL, NULL, NULL, &err));
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE);
  g_assert_nonnull (strstr (err->message, bad));
  g_assert_nonnull (strstr (err->message, "outside [0,1]"));
  g_clear_error (&err);

  g_assert_true (g_file_set_contents (bad, "not a key file\n", -1, NULL));
  g_assert_false (wf_zones_load_key_file (bad, NULL, NULL, NULL, &err));
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_FILE);
  g_clear_error (&err);

  g_assert_false (wf_zones_load_key_file (missing, NULL, NULL, NULL, &err));
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_FILE);
  g_assert_nonnull (strstr (err->message, missing));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_equal (void)
{
  g_autoptr (GPtrArray) a = wf_zones_parse ("a=0,0 1,0 1,1;b=0,0 1,0 1,1",
      NULL);
  g_autoptr (GPtrArray) b = wf_zones_parse ("a=0,0 1,0 1,1;b=0,0 1,0 1,0.9",
      NULL);

  g_assert_true (wf_zone_equal (a->pdata[0], b->pdata[0]));
  g_assert_false (wf_zone_equal (a->pdata[1], b->pdata[1]));
  g_assert_false (wf_zone_equal (a->pdata[0], a->pdata[1]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zones/parse-issue-examples", test_parse_issue_examples);
  g_test_add_func ("/zones/parse-lenient-space", test_parse_lenient_space);
  g_test_add_func ("/zones/zones-malformed", test_zones_malformed);
  g_test_add_func ("/zones/lines-malformed", test_lines_malformed);
  g_test_add_func ("/zones/too-many", test_too_many);
  g_test_add_func ("/zones/capacity", test_capacity);
  g_test_add_func ("/zones/contains", test_contains);
  g_test_add_func ("/zones/line-direction", test_line_direction);
  g_test_add_func ("/zones/key-file", test_key_file);
  g_test_add_func ("/zones/equal", test_equal);

  return g_test_run ();
}
