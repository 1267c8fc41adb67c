/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-sighting.h"

#include <string.h>

typedef struct {
  gint64 first_ms;
  gint64 last_ms;
  gint64 last_written_ms;
} Sighting;

/* The name on one track of one camera. */
typedef struct {
  gchar *employee_id;
  guint frames;                 /* frames carrying it since it was given */
  gboolean confirmed;
  gint64 last_ms;
} Candidate;

struct _WfSightings {
  GHashTable *sightings;        /* "camera\nemployee" -> Sighting */
  GHashTable *tracks;           /* "camera\ntrack id" -> Candidate */
  gint64 last_prune_ms;
};

static void
candidate_free (Candidate * c)
{
  g_free (c->employee_id);
  g_free (c);
}

WfSightings *
wf_sightings_new (void)
{
  WfSightings *self = g_new0 (WfSightings, 1);

  self->sightings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      g_free);
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) candidate_free);
  return self;
}

void
wf_sightings_free (WfSightings * self)
{
  if (!self)
    return;
  g_hash_table_unref (self->sightings);
  g_hash_table_unref (self->tracks);
  g_free (self);
}

/* Tracks gone for a sighting gap are forgotten (facematch never says a
 * track ended), at most once a second. */
static void
prune (WfSightings * self, gint64 now)
{
  GHashTableIter it;
  Candidate *c;

  if (now - self->last_prune_ms < 1000)
    return;
  self->last_prune_ms = now;
  g_hash_table_iter_init (&it, self->tracks);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & c))
    if (now - c->last_ms > WF_SIGHTING_GAP_MS)
      g_hash_table_iter_remove (&it);
}

/* The confirmed employee's sighting on @camera. */
static WfSightingAction
sighting_seen (WfSightings * self, const gchar * camera,
    const gchar * employee, gint64 now)
{
  g_autofree gchar *key = g_strconcat (camera, "\n", employee, NULL);
  Sighting *sg = g_hash_table_lookup (self->sightings, key);
  gboolean is_new = !sg || now - sg->last_ms > WF_SIGHTING_GAP_MS;

  if (!sg) {
    sg = g_new0 (Sighting, 1);
    g_hash_table_insert (self->sightings, g_steal_pointer (&key), sg);
  }
  if (is_new)
    sg->first_ms = now;
  sg->last_ms = now;
  if (is_new) {
    sg->last_written_ms = now;
    return WF_SIGHTING_NEW;
  }
  if (now - sg->last_written_ms >= WF_SIGHTING_UPDATE_MS) {
    sg->last_written_ms = now;
    return WF_SIGHTING_UPDATE;
  }
  return WF_SIGHTING_NONE;
}

WfSightingAction
wf_sightings_match (WfSightings * self, const gchar * camera,
    const WfSightingMatch * m, gint64 now, gchar ** ended)
{
  g_autofree gchar *tkey = NULL;
  Candidate *c;

  g_return_val_if_fail (self && camera && m, WF_SIGHTING_NONE);
  if (ended)
    *ended = NULL;
  prune (self, now);
  if (m->track_id == 0 || m->identity == NULL) {
    /* not from a facematch that re-verifies: as before the rule */
    if (!m->employee_id || !*m->employee_id)
      return WF_SIGHTING_NONE;
    return sighting_seen (self, camera, m->employee_id, now);
  }

  tkey = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT, camera, m->track_id);
  c = g_hash_table_lookup (self->tracks, tkey);
  if (c && g_strcmp0 (c->employee_id, m->employee_id) != 0) {
    /* the name on the track changed or was withdrawn: a confirmed one
     * ends its sighting when facematch says it broke it */
    if (c->confirmed && g_strcmp0 (m->identity, "broken") == 0 &&
        g_strcmp0 (m->broken_id, c->employee_id) == 0) {
      g_autofree gchar *skey = g_strconcat (camera, "\n", c->employee_id,
          NULL);
      g_hash_table_remove (self->sightings, skey);
      if (ended)
        *ended = g_strdup (c->employee_id);
    }
    g_hash_table_remove (self->tracks, tkey);
    c = NULL;
  }
  if (!m->employee_id || !*m->employee_id)
    return WF_SIGHTING_NONE;
  if (!c) {
    c = g_new0 (Candidate, 1);
    c->employee_id = g_strdup (m->employee_id);
    g_hash_table_insert (self->tracks, g_steal_pointer (&tkey), c);
  }
  c->frames++;
  c->last_ms = now;
  if (!c->confirmed && (m->support >= WF_SIGHTING_CONFIRM_SUPPORT ||
          c->frames >= WF_SIGHTING_CONFIRM_FRAMES))
    c->confirmed = TRUE;
  if (!c->confirmed)
    return WF_SIGHTING_NONE;
  return sighting_seen (self, camera, c->employee_id, now);
}

static void
remove_keys (GHashTable * table, const gchar * prefix, const gchar * suffix)
{
  GHashTableIter it;
  gpointer k;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, &k, NULL))
    if ((prefix && g_str_has_prefix (k, prefix)) ||
        (suffix && g_str_has_suffix (k, suffix)))
      g_hash_table_iter_remove (&it);
}

void
wf_sightings_forget_camera (WfSightings * self, const gchar * camera)
{
  g_autofree gchar *prefix = g_strconcat (camera, "\n", NULL);

  remove_keys (self->sightings, prefix, NULL);
  remove_keys (self->tracks, prefix, NULL);
}

void
wf_sightings_forget_employee (WfSightings * self, const gchar * employee_id)
{
  g_autofree gchar *suffix = g_strconcat ("\n", employee_id, NULL);
  GHashTableIter it;
  Candidate *c;

  remove_keys (self->sightings, NULL, suffix);
  g_hash_table_iter_init (&it, self->tracks);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & c))
    if (g_strcmp0 (c->employee_id, employee_id) == 0)
      g_hash_table_iter_remove (&it);
}

guint
wf_sightings_size (WfSightings * self)
{
  return g_hash_table_size (self->sightings) +
      g_hash_table_size (self->tracks);
}
