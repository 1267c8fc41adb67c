/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwfoccupancymeta.h"
#include "gstwfvideo.h"

#include <math.h>

#include "wf-meta.h"

/* The "occupancy" ROI param of a track for zones @zones under configuration
 * @gen: copied onto the ROI while the track stays in the same zones,
 * instead of building the list of names again every frame. */
typedef struct
{
  GstStructure *occ;
  guint64 zones;
  guint gen;
} ParamCache;

/* Field and structure names as quarks, computed once: the per-ROI params
 * and the messages are built every frame, and a string name costs a locked
 * hash lookup each time. */
static GQuark q_tracking, q_occupancy, q_facematch, q_id, q_age, q_zones;
static GQuark q_zone, q_line, q_name, q_count, q_peak, q_in, q_out;
static GQuark q_track_id, q_direction, q_capacity, q_employee_id;
static GQuark q_employee_name, q_occ_zones, q_occ_lines;
static const gchar *s_in, *s_out;

void
gst_wf_occupancy_meta_init (void)
{
  q_tracking = g_quark_from_static_string (WF_PARAM_TRACKING);
  q_occupancy = g_quark_from_static_string (WF_PARAM_OCCUPANCY);
  q_facematch = g_quark_from_static_string (WF_PARAM_FACEMATCH);
  q_id = g_quark_from_static_string (WF_FIELD_TRACK_ID);
  q_age = g_quark_from_static_string (WF_FIELD_AGE);
  q_zones = g_quark_from_static_string (WF_FIELD_ZONES);
  q_zone = g_quark_from_static_string (WF_FIELD_ZONE);
  q_line = g_quark_from_static_string (WF_FIELD_LINE);
  q_name = g_quark_from_static_string ("name");
  q_count = g_quark_from_static_string (WF_FIELD_COUNT);
  q_peak = g_quark_from_static_string (WF_FIELD_PEAK);
  q_in = g_quark_from_static_string (WF_FIELD_IN);
  q_out = g_quark_from_static_string (WF_FIELD_OUT);
  q_track_id = g_quark_from_static_string (WF_FIELD_EVENT_TRACK_ID);
  q_direction = g_quark_from_static_string (WF_FIELD_DIRECTION);
  q_capacity = g_quark_from_static_string (WF_FIELD_CAPACITY);
  q_employee_id = g_quark_from_static_string (WF_FIELD_EMPLOYEE_ID);
  q_employee_name = g_quark_from_static_string (WF_FIELD_EMPLOYEE_NAME);
  q_occ_zones = g_quark_from_static_string (WF_FIELD_OCC_ZONES);
  q_occ_lines = g_quark_from_static_string (WF_FIELD_OCC_LINES);
  s_in = g_intern_static_string ("in");
  s_out = g_intern_static_string ("out");
}

/* gst_video_region_of_interest_meta_get_param() compares names as
 * strings; ours are quarks. */
static GstStructure *
roi_param (GstVideoRegionOfInterestMeta * meta, GQuark name)
{
  GList *l;

  for (l = meta->params; l; l = l->next)
    if (gst_structure_get_name_id (l->data) == name)
      return l->data;
  return NULL;
}

/* ---- ROIs in ---- */

static gboolean
param_uint64 (const GstStructure * s, GQuark field, guint64 * out)
{
  const GValue *v = gst_structure_id_get_value (s, field);

  if (v == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_UINT64 (v))
    *out = g_value_get_uint64 (v);
  else if (G_VALUE_HOLDS_UINT (v))
    *out = g_value_get_uint (v);
  else if (G_VALUE_HOLDS_INT64 (v) && g_value_get_int64 (v) >= 0)
    *out = g_value_get_int64 (v);
  else if (G_VALUE_HOLDS_INT (v) && g_value_get_int (v) >= 0)
    *out = g_value_get_int (v);
  else
    return FALSE;
  return TRUE;
}

/* The employee a known facematch names, borrowed from the ROI. */
static void
read_employee (GstVideoRegionOfInterestMeta * meta, WfOccupancyObject * o)
{
  GstStructure *fm = roi_param (meta, q_facematch);
  gboolean known = TRUE;

  if (fm == NULL)
    return;
  gst_structure_get_boolean (fm, WF_FIELD_KNOWN, &known);
  if (!known)
    return;
  o->employee_id = gst_structure_get_string (fm, WF_FIELD_EMPLOYEE_ID);
  o->employee_name = gst_structure_get_string (fm, WF_FIELD_NAME);
}

void
gst_wf_occupancy_read_rois (GstBuffer * buf, GQuark roi_type, gint width,
    gint height, GArray * objs)
{
  gdouble fw = MAX (width, 1), fh = MAX (height, 1);
  gpointer state = NULL;
  GstMeta *m;

  g_array_set_size (objs, 0);
  while ((m = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) m;
    GstStructure *tr;
    WfOccupancyObject *o;

    if (roi->roi_type != roi_type)
      continue;
    /* written in place: @objs clears what it grows by */
    g_array_set_size (objs, objs->len + 1);
    o = &g_array_index (objs, WfOccupancyObject, objs->len - 1);
    o->data = roi;
    o->box = (WfRect) {
    roi->x, roi->y, roi->w, roi->h};
    o->cx = (roi->x + roi->w / 2.0) / fw;
    o->cy = (roi->y + roi->h / 2.0) / fh;
    tr = roi_param (roi, q_tracking);
    /* no usable id (or 0): the model's own tracker gives one */
    if (tr == NULL || !param_uint64 (tr, q_id, &o->upstream_id))
      o->upstream_id = 0;
    o->id = o->upstream_id;
    read_employee (roi, o);
  }
}

/* ---- ROI params out ---- */

/* The list of the names of the zones in @bits. */
static void
zone_list (WfOccupancy * model, guint64 bits, GValue * list)
{
  guint i;

  g_value_init (list, GST_TYPE_LIST);
  for (i = 0; bits && i < wf_occupancy_n_zones (model); i++) {
    if (bits & (G_GUINT64_CONSTANT (1) << i)) {
      GValue v = G_VALUE_INIT;
      g_value_init (&v, G_TYPE_STRING);
      g_value_set_interned_string (&v, wf_occupancy_get_zone (model, i)->name);
      gst_value_list_append_and_take_value (list, &v);
    }
  }
}

void
gst_wf_occupancy_track_data_free (gpointer data)
{
  ParamCache *c = data;

  if (c->occ)
    gst_structure_free (c->occ);
  g_free (c);
}

void
gst_wf_occupancy_write_params (WfOccupancy * model, WfOccupancyObject * o,
    guint gen)
{
  GstVideoRegionOfInterestMeta *meta = o->data;
  GValue list = G_VALUE_INIT;
  GstStructure *occ;
  ParamCache *cache;

  if (o->upstream_id == 0 && o->id != 0)
    gst_video_region_of_interest_meta_add_param (meta,
        gst_structure_new_id (q_tracking, q_id, G_TYPE_UINT64, o->id,
            q_age, G_TYPE_UINT, o->age, NULL));

  occ = roi_param (meta, q_occupancy);
  if (occ) {
    /* already there (a second occupancy upstream): replace the list */
    zone_list (model, o->zones, &list);
    gst_structure_id_take_value (occ, q_zones, &list);
    return;
  }
  if (o->track_data == NULL) {
    zone_list (model, 0, &list);
    occ = gst_structure_new_id_empty (q_occupancy);
    gst_structure_id_take_value (occ, q_zones, &list);
    gst_video_region_of_interest_meta_add_param (meta, occ);
    return;
  }
  if (*o->track_data == NULL)
    *o->track_data = g_new0 (ParamCache, 1);
  cache = *o->track_data;
  if (cache->occ == NULL || cache->zones != o->zones || cache->gen != gen) {
    if (cache->occ)
      gst_structure_free (cache->occ);
    zone_list (model, o->zones, &list);
    cache->occ = gst_structure_new_id_empty (q_occupancy);
    gst_structure_id_take_value (cache->occ, q_zones, &list);
    cache->zones = o->zones;
    cache->gen = gen;
  }
  /* the names are interned: the copy duplicates no string */
  gst_video_region_of_interest_meta_add_param (meta,
      gst_structure_copy (cache->occ));
}

void
gst_wf_occupancy_add_person (GstBuffer * buf, const WfRect * b,
    gfloat confidence, gboolean carried, guint64 id, gint fw, gint fh)
{
  GstVideoRegionOfInterestMeta *m;
  gint x = CLAMP ((gint) lroundf (b->x), 0, fw - 1);
  gint y = CLAMP ((gint) lroundf (b->y), 0, fh - 1);
  gint x1 = CLAMP ((gint) lroundf (b->x + b->w), x + 1, fw);
  gint y1 = CLAMP ((gint) lroundf (b->y + b->h), y + 1, fh);

  m = gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_PERSON,
      x, y, x1 - x, y1 - y);
  gst_video_region_of_interest_meta_add_param (m,
      gst_structure_new (WF_PARAM_DETECTION,
          WF_FIELD_CONFIDENCE, G_TYPE_DOUBLE, (gdouble) confidence,
          WF_FIELD_X, G_TYPE_DOUBLE, (gdouble) x / fw,
          WF_FIELD_Y, G_TYPE_DOUBLE, (gdouble) y / fh,
          WF_FIELD_W, G_TYPE_DOUBLE, (gdouble) (x1 - x) / fw,
          WF_FIELD_H, G_TYPE_DOUBLE, (gdouble) (y1 - y) / fh,
          WF_FIELD_BACKEND, G_TYPE_STRING, "people",
          WF_FIELD_CARRIED, G_TYPE_BOOLEAN, carried, NULL));
  if (id != 0)
    gst_video_region_of_interest_meta_add_param (m,
        gst_structure_new_id (q_tracking, q_id, G_TYPE_UINT64, id, NULL));
}

/* ---- messages ---- */

GstStructure *
gst_wf_occupancy_event_structure (GstBaseTransform * trans, GstBuffer * buf,
    const WfOccupancyEvent * ev)
{
  static const gchar *names[] = {
    [WF_OCCUPANCY_ZONE_ENTER] = WF_EVENT_ZONE_ENTER,
    [WF_OCCUPANCY_ZONE_EXIT] = WF_EVENT_ZONE_EXIT,
    [WF_OCCUPANCY_LINE_CROSS] = WF_EVENT_LINE_CROSS,
    [WF_OCCUPANCY_OVER_CAPACITY] = WF_EVENT_OVER_CAPACITY,
    [WF_OCCUPANCY_CAPACITY_NORMAL] = WF_EVENT_CAPACITY_NORMAL,
  };
  GstStructure *s = gst_wf_message_structure_new (trans, names[ev->type], buf);

  switch (ev->type) {
    case WF_OCCUPANCY_ZONE_ENTER:
    case WF_OCCUPANCY_ZONE_EXIT:
      gst_structure_id_set (s, q_zone, G_TYPE_STRING, ev->name,
          q_track_id, G_TYPE_UINT64, ev->track_id,
          q_count, G_TYPE_UINT, ev->count, NULL);
      break;
    case WF_OCCUPANCY_LINE_CROSS:
      gst_structure_id_set (s, q_line, G_TYPE_STRING, ev->name,
          q_direction, G_TYPE_STRING, ev->direction > 0 ? s_in : s_out,
          q_track_id, G_TYPE_UINT64, ev->track_id,
          q_in, G_TYPE_UINT, ev->in, q_out, G_TYPE_UINT, ev->out, NULL);
      break;
    case WF_OCCUPANCY_OVER_CAPACITY:
    case WF_OCCUPANCY_CAPACITY_NORMAL:
      gst_structure_id_set (s, q_zone, G_TYPE_STRING, ev->name,
          q_count, G_TYPE_UINT, ev->count, q_capacity, G_TYPE_UINT,
          ev->capacity, NULL);
      break;
  }
  if (ev->employee_id)
    gst_structure_id_set (s, q_employee_id, G_TYPE_STRING, ev->employee_id,
        q_employee_name, G_TYPE_STRING, ev->employee_name, NULL);
  return s;
}

GstStructure *
gst_wf_occupancy_counts_structure (GstBaseTransform * trans, GstBuffer * buf,
    WfOccupancy * model, gdouble analysed_fraction)
{
  GstStructure *s = gst_wf_message_structure_new (trans, WF_MESSAGE_OCCUPANCY,
      buf);
  GValue zlist = G_VALUE_INIT, llist = G_VALUE_INIT;
  guint i;

  g_value_init (&zlist, GST_TYPE_LIST);
  g_value_init (&llist, GST_TYPE_LIST);
  for (i = 0; i < wf_occupancy_n_zones (model); i++) {
    const WfOccupancyZone *z = wf_occupancy_get_zone (model, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new_id (q_zone,
            q_name, G_TYPE_STRING, z->name,
            q_count, G_TYPE_UINT, z->count, q_peak, G_TYPE_UINT, z->peak,
            NULL));
    gst_value_list_append_and_take_value (&zlist, &v);
  }
  for (i = 0; i < wf_occupancy_n_lines (model); i++) {
    const WfOccupancyLine *l = wf_occupancy_get_line (model, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new_id (q_line,
            q_name, G_TYPE_STRING, l->line->name,
            q_in, G_TYPE_UINT, l->in, q_out, G_TYPE_UINT, l->out, NULL));
    gst_value_list_append_and_take_value (&llist, &v);
  }
  gst_structure_id_take_value (s, q_occ_zones, &zlist);
  gst_structure_id_take_value (s, q_occ_lines, &llist);
  if (analysed_fraction >= 0)
    gst_structure_set (s, WF_FIELD_ANALYSED_FRACTION, G_TYPE_DOUBLE,
        analysed_fraction, NULL);
  return s;
}
