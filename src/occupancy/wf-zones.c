/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-zones.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (wf-zones-error-quark, wf_zones_error);

void
wf_zone_free (WfZone * zone)
{
  if (zone == NULL)
    return;
  g_free (zone->name);
  g_free (zone->xy);
  g_free (zone);
}

void
wf_line_free (WfLine * line)
{
  if (line == NULL)
    return;
  g_free (line->name);
  g_free (line);
}

static gboolean
name_valid (const gchar * name)
{
  gsize len = strlen (name);
  const gchar *p;

  if (len == 0 || len > WF_ZONE_NAME_MAX)
    return FALSE;
  for (p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
parse_coord (const gchar * s, gdouble * out)
{
  gchar *end = NULL;
  gdouble v;

  if (*s == '\0')
    return FALSE;
  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* Parses "x,y x,y ..." of entry @name into a new array of doubles. */
static gdouble *
parse_points (const gchar * what, const gchar * name, const gchar * str,
    guint max_points, guint * n_out, GError ** error)
{
  g_auto (GStrv) tokens = g_strsplit_set (str, " \t\r\n", -1);
  g_autofree gdouble *xy = NULL;
  guint n = 0, i;

  xy = g_new (gdouble, 2 * (g_strv_length (tokens) + 1));
  for (i = 0; tokens[i]; i++) {
    const gchar *tok = tokens[i];
    const gchar *comma;
    g_autofree gchar *xs = NULL;
    gdouble x, y;

    if (*tok == '\0')
      continue;
    if (n == max_points) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE,
          "%s '%s': more than %u points", what, name, max_points);
      return NULL;
    }
    comma = strchr (tok, ',');
    if (comma == NULL || strchr (comma + 1, ',') != NULL) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
          "%s '%s': point %u '%s' is not x,y", what, name, n + 1, tok);
      return NULL;
    }
    xs = g_strndup (tok, comma - tok);
    if (!parse_coord (xs, &x) || !parse_coord (comma + 1, &y)) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
          "%s '%s': point %u '%s' is not two numbers x,y", what, name, n + 1,
          tok);
      return NULL;
    }
    if (x < 0.0 || x > 1.0 || y < 0.0 || y > 1.0) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE,
          "%s '%s': point %u '%s' is outside [0,1] (coordinates are "
          "normalised)", what, name, n + 1, tok);
      return NULL;
    }
    xy[2 * n] = x;
    xy[2 * n + 1] = y;
    n++;
  }
  *n_out = n;
  return g_steal_pointer (&xy);
}

typedef gpointer (*EntryFunc) (const gchar * name, const gchar * value,
    GError ** error);

/* Splits "name=value;..." and calls @func per entry; checks names and
 * duplicates.  @what names the kind of entry in errors. */
static GPtrArray *
parse_entries (const gchar * what, const gchar * str, EntryFunc func,
    GDestroyNotify free_func, GError ** error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (free_func);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) entries = NULL;
  guint i;

  if (str == NULL)
    return g_steal_pointer (&out);

  entries = g_strsplit (str, ";", -1);
  for (i = 0; entries[i]; i++) {
    gchar *entry = g_strstrip (entries[i]);
    gchar *eq, *name, *value;
    gpointer item;

    /* empty entries ("a=..;;b=..", a trailing ';') carry nothing */
    if (*entry == '\0')
      continue;
    eq = strchr (entry, '=');
    if (eq == NULL) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
          "%s entry '%s' is not NAME=VALUE", what, entry);
      return NULL;
    }
    *eq = '\0';
    name = g_strstrip (entry);
    value = g_strstrip (eq + 1);
    if (!name_valid (name)) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
          "%s name '%s' is invalid (1-%d characters of A-Z a-z 0-9 _ . -)",
          what, name, WF_ZONE_NAME_MAX);
      return NULL;
    }
    if (g_hash_table_contains (seen, name)) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_DUPLICATE,
          "%s '%s' is given twice", what, name);
      return NULL;
    }
    if (out->len == WF_ZONES_MAX) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE,
          "more than %d %s entries", WF_ZONES_MAX, what);
      return NULL;
    }
    item = func (name, value, error);
    if (item == NULL)
      return NULL;
    g_ptr_array_add (out, item);
    /* names point into @entries, alive until we return */
    g_hash_table_add (seen, name);
  }
  return g_steal_pointer (&out);
}

static gpointer
zone_from_entry (const gchar * name, const gchar * value, GError ** error)
{
  WfZone *z;
  gdouble *xy, area = 0.0;
  guint n = 0, i;

  xy = parse_points ("zone", name, value, WF_ZONE_MAX_POINTS, &n, error);
  if (xy == NULL)
    return NULL;
  if (n < 3) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_GEOMETRY,
        "zone '%s' has %u point%s, a polygon needs at least 3", name, n,
        n == 1 ? "" : "s");
    g_free (xy);
    return NULL;
  }
  for (i = 0; i < n; i++) {
    guint k = (i + 1) % n;
    area += xy[2 * i] * xy[2 * k + 1] - xy[2 * k] * xy[2 * i + 1];
  }
  if (fabs (area) / 2.0 < 1e-9) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_GEOMETRY,
        "zone '%s' has no area (its points are on one line)", name);
    g_free (xy);
    return NULL;
  }

  z = g_new0 (WfZone, 1);
  z->name = g_strdup (name);
  z->n_points = n;
  z->xy = xy;
  z->x0 = z->x1 = xy[0];
  z->y0 = z->y1 = xy[1];
  for (i = 1; i < n; i++) {
    z->x0 = MIN (z->x0, xy[2 * i]);
    z->x1 = MAX (z->x1, xy[2 * i]);
    z->y0 = MIN (z->y0, xy[2 * i + 1]);
    z->y1 = MAX (z->y1, xy[2 * i + 1]);
  }
  return z;
}

static gpointer
line_from_entry (const gchar * name, const gchar * value, GError ** error)
{
  g_autofree gdouble *xy = NULL;
  WfLine *l;
  guint n = 0;

  xy = parse_points ("line", name, value, 3, &n, error);
  if (xy == NULL)
    return NULL;
  if (n != 2) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_GEOMETRY,
        "line '%s' has %u point%s, a line needs exactly 2", name, n,
        n == 1 ? "" : "s");
    return NULL;
  }
  if (xy[0] == xy[2] && xy[1] == xy[3]) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_GEOMETRY,
        "line '%s' has zero length (both points are the same)", name);
    return NULL;
  }
  l = g_new0 (WfLine, 1);
  l->name = g_strdup (name);
  l->ax = xy[0];
  l->ay = xy[1];
  l->bx = xy[2];
  l->by = xy[3];
  return l;
}

typedef struct {
  gchar *name;
  guint capacity;
} CapacityEntry;

static void
capacity_entry_free (CapacityEntry * e)
{
  g_free (e->name);
  g_free (e);
}

static gpointer
capacity_from_entry (const gchar * name, const gchar * value, GError ** error)
{
  CapacityEntry *e;
  guint64 v = 0;
  g_autoptr (GError) err = NULL;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &v, &err)) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
        "capacity of '%s': '%s' is not a whole number of people >= 1", name,
        value);
    return NULL;
  }
  e = g_new0 (CapacityEntry, 1);
  e->name = g_strdup (name);
  e->capacity = (guint) v;
  return e;
}

GPtrArray *
wf_zones_parse (const gchar * str, GError ** error)
{
  return parse_entries ("zone", str, zone_from_entry,
      (GDestroyNotify) wf_zone_free, error);
}

GPtrArray *
wf_lines_parse (const gchar * str, GError ** error)
{
  return parse_entries ("line", str, line_from_entry,
      (GDestroyNotify) wf_line_free, error);
}

GHashTable *
wf_capacity_parse (const gchar * str, GError ** error)
{
  g_autoptr (GPtrArray) entries = NULL;
  GHashTable *table;
  guint i;

  entries = parse_entries ("capacity", str, capacity_from_entry,
      (GDestroyNotify) capacity_entry_free, error);
  if (entries == NULL)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (i = 0; i < entries->len; i++) {
    CapacityEntry *e = g_ptr_array_index (entries, i);
    g_hash_table_insert (table, g_strdup (e->name),
        GUINT_TO_POINTER (e->capacity));
  }
  return table;
}

/* Joins the entries of @group back into the property syntax. */
static gchar *
group_to_string (GKeyFile * kf, const gchar * group, GError ** error)
{
  g_auto (GStrv) keys = NULL;
  g_autoptr (GString) s = g_string_new (NULL);
  gsize n = 0, i;

  if (!g_key_file_has_group (kf, group))
    return g_strdup ("");
  keys = g_key_file_get_keys (kf, group, &n, error);
  if (keys == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    g_autofree gchar *v = g_key_file_get_value (kf, group, keys[i], error);
    if (v == NULL)
      return NULL;
    if (strchr (v, ';') != NULL || strchr (keys[i], ';') != NULL) {
      g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_SYNTAX,
          "[%s] %s: ';' is not allowed in a key file entry", group, keys[i]);
      return NULL;
    }
    if (s->len > 0)
      g_string_append_c (s, ';');
    g_string_append_printf (s, "%s=%s", keys[i], v);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
wf_zones_load_key_file (const gchar * path, GPtrArray ** zones,
    GPtrArray ** lines, GHashTable ** capacity, GError ** error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) err = NULL;
  g_autofree gchar *zs = NULL, *ls = NULL, *cs = NULL;
  g_autoptr (GPtrArray) z = NULL;
  g_autoptr (GPtrArray) l = NULL;
  GHashTable *c;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &err)) {
    g_set_error (error, WF_ZONES_ERROR, WF_ZONES_ERROR_FILE,
        "zones file %s: %s", path, err->message);
    return FALSE;
  }
  if (!(zs = group_to_string (kf, "zones", &err))
      || !(ls = group_to_string (kf, "lines", &err))
      || !(cs = group_to_string (kf, "capacity", &err))
      || !(z = wf_zones_parse (zs, &err))
      || !(l = wf_lines_parse (ls, &err))
      || !(c = wf_capacity_parse (cs, &err))) {
    g_set_error (error, WF_ZONES_ERROR,
        err->domain == WF_ZONES_ERROR ? err->code : WF_ZONES_ERROR_SYNTAX,
        "zones file %s: %s", path, err->message);
    return FALSE;
  }
  if (zones)
    *zones = g_steal_pointer (&z);
  if (lines)
    *lines = g_steal_pointer (&l);
  if (capacity)
    *capacity = c;
  else
    g_hash_table_unref (c);
  return TRUE;
}

gboolean
wf_zone_equal (const WfZone * a, const WfZone * b)
{
  return g_strcmp0 (a->name, b->name) == 0 && a->n_points == b->n_points
      && memcmp (a->xy, b->xy, 2 * a->n_points * sizeof (gdouble)) == 0;
}

gboolean
wf_line_equal (const WfLine * a, const WfLine * b)
{
  return g_strcmp0 (a->name, b->name) == 0 && a->ax == b->ax
      && a->ay == b->ay && a->bx == b->bx && a->by == b->by;
}

gboolean
wf_zone_contains (const WfZone * zone, gdouble x, gdouble y)
{
  gboolean inside = FALSE;
  guint i, j;

  if (x < zone->x0 || x > zone->x1 || y < zone->y0 || y > zone->y1)
    return FALSE;
  for (i = 0, j = zone->n_points - 1; i < zone->n_points; j = i++) {
    gdouble xi = zone->xy[2 * i], yi = zone->xy[2 * i + 1];
    gdouble xj = zone->xy[2 * j], yj = zone->xy[2 * j + 1];
    if ((yi > y) != (yj > y)
        && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

static inline gdouble
cross (gdouble ax, gdouble ay, gdouble bx, gdouble by, gdouble qx, gdouble qy)
{
  return (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
}

static inline gint
sign (gdouble v)
{
  return v > 0.0 ? 1 : (v < 0.0 ? -1 : 0);
}

gint
wf_line_side (const WfLine * line, gdouble qx, gdouble qy)
{
  return sign (cross (line->ax, line->ay, line->bx, line->by, qx, qy));
}

gint
wf_line_crossing (const WfLine * line, gdouble px, gdouble py, gdouble qx,
    gdouble qy)
{
  gint sp = wf_line_side (line, px, py);
  gint sq = wf_line_side (line, qx, qy);
  gint sa, sb;

  if (sp == 0 || sq == 0 || sp == sq)
    return 0;
  /* the move crosses the infinite line; it must pass between A and B:
   * A and B on opposite sides of (or on) the line through P and Q */
  sa = sign (cross (px, py, qx, qy, line->ax, line->ay));
  sb = sign (cross (px, py, qx, qy, line->bx, line->by));
  if (sa != 0 && sa == sb)
    return 0;
  return sq;
}

/* The shortest of %.15g and %.17g that reads back as @v: the canonical
 * text must parse to the same set ("%g" kept 6 digits, so two points of
 * a line could print as one; found by tests/fuzz/fuzz-zones.c). */
static const gchar *
format_coordinate (gchar * buf, gsize len, gdouble v)
{
  g_ascii_formatd (buf, len, "%.15g", v);
  if (g_ascii_strtod (buf, NULL) != v)
    g_ascii_formatd (buf, len, "%.17g", v);
  return buf;
}

/* locale-independent: the text goes back into properties */
static void
append_point (GString * s, gdouble x, gdouble y)
{
  gchar bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s,%s", format_coordinate (bx, sizeof (bx), x),
      format_coordinate (by, sizeof (by), y));
}

gchar *
wf_zones_to_string (GPtrArray * zones)
{
  GString *s = g_string_new (NULL);
  guint i, k;

  for (i = 0; zones && i < zones->len; i++) {
    const WfZone *z = g_ptr_array_index (zones, i);
    if (i > 0)
      g_string_append_c (s, ';');
    g_string_append_printf (s, "%s=", z->name);
    for (k = 0; k < z->n_points; k++) {
      if (k > 0)
        g_string_append_c (s, ' ');
      append_point (s, z->xy[2 * k], z->xy[2 * k + 1]);
    }
  }
  return g_string_free (s, FALSE);
}

gchar *
wf_lines_to_string (GPtrArray * lines)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; lines && i < lines->len; i++) {
    const WfLine *l = g_ptr_array_index (lines, i);
    g_string_append_printf (s, "%s%s=", i ? ";" : "", l->name);
    append_point (s, l->ax, l->ay);
    g_string_append_c (s, ' ');
    append_point (s, l->bx, l->by);
  }
  return g_string_free (s, FALSE);
}

gchar *
wf_capacity_to_string (GHashTable * capacity, GPtrArray * zones)
{
  GString *s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer k, v;
  guint i;

  /* in zone order first, then the rest */
  for (i = 0; zones && i < zones->len; i++) {
    const WfZone *z = g_ptr_array_index (zones, i);
    guint c = GPOINTER_TO_UINT (g_hash_table_lookup (capacity, z->name));
    if (c)
      g_string_append_printf (s, "%s%s=%u", s->len ? ";" : "", z->name, c);
  }
  g_hash_table_iter_init (&iter, capacity);
  while (g_hash_table_iter_next (&iter, &k, &v)) {
    gboolean seen = FALSE;
    for (i = 0; zones && i < zones->len && !seen; i++)
      seen = g_str_equal (((WfZone *) g_ptr_array_index (zones, i))->name, k);
    if (!seen)
      g_string_append_printf (s, "%s%s=%u", s->len ? ";" : "",
          (const gchar *) k, GPOINTER_TO_UINT (v));
  }
  return g_string_free (s, FALSE);
}
