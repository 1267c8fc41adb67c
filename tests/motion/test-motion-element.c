/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* facedetect's motion gate through `facedetect ! occupancy` on videos made
 * here: a still office (noise, a flickering clock inside a motion mask, the
 * lights switched on, then dimming), a person crossing a door line, and one
 * who walks in and stands still.  The person is a photo with a face: from
 * the shared test data's faces/ when present, else face-api's demo photos
 * (installed by ./models/fetch.sh): the largest face of the first photo
 * that, cut out and pasted, the detector finds exactly once wherever it
 * is.  Asserted against the truth
 * the test made: the idle frames analysed (at most 10%), the crossing and
 * zone counts (the same with the gate on and off), the faces seen, and,
 * where the build recognises faces, the names facematch gives the person
 * enrolled from the video (the same with the gate on and off). */
#include <string.h>

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include <glib/gstdio.h>

#include "motion-scene.h"
#include "wf-detector.h"
#include "wf-gallery.h"
#include "wf-recognizer.h"
#include "wf-meta.h"
#include "wf-motion.h"
#include "wf-test-common.h"

#define W 640
#define H 360
#define FPS 15
#define MASK "clock=0.78,0.03 0.97,0.03 0.97,0.22 0.78,0.22"
#define ZONES "left=0,0 0.5,0 0.5,1 0,1;right=0.5,0 1,0 1,1 0.5,1"

static guint8 *sprite;          /* luma, sprite_w x sprite_h */
static gint sprite_w, sprite_h;
static gchar *sprite_path;
static gchar *gallery_dir, *gallery_path;   /* the person enrolled, or NULL */
#define PERSON_ID "walker"

typedef struct {
  gint x, y;                    /* sprite's top left; G_MININT: absent */
  gdouble gain;
  gboolean flicker;             /* the clock's bright phase */
} Shot;

typedef struct {
  guint frames, analysed, face_frames;
  GArray *analysed_at;          /* gboolean per frame */
  GArray *faces_at;             /* guint per frame */
  guint line_in, line_out, left_peak, right_peak;
  gchar *last_gate;
  gdouble fraction;
  guint named, misnamed;        /* face-frames facematch named PERSON_ID /
                                 * someone else */
} Run;

static void
run_clear (Run * r)
{
  g_array_unref (r->analysed_at);
  g_array_unref (r->faces_at);
  g_free (r->last_gate);
}

static guint8 *
render (MotionScene * sc, const Shot * s)
{
  guint8 *luma = g_malloc ((gsize) W * H);

  motion_scene_render (sc, s->gain, 3.0, luma);
  motion_scene_fill (sc, luma, W * 8 / 10, H / 20, W / 8, H / 7,
      s->flicker ? 230 : 30);
  if (s->x != G_MININT)
    motion_scene_paste (sc, luma, sprite, sprite_w, sprite_h, s->x, s->y);
  return luma;
}

static GstBuffer *
i420_buffer (const guint8 * luma, guint n)
{
  const gsize ysize = (gsize) W * H, csize = (gsize) (W / 2) * (H / 2);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, ysize + 2 * csize, NULL);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  memcpy (map.data, luma, ysize);
  memset (map.data + ysize, 128, 2 * csize);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (n, GST_SECOND, FPS);
  GST_BUFFER_DURATION (buf) = GST_SECOND / FPS;
  return buf;
}

static void
read_occupancy (Run * r, const GstStructure * s)
{
  const GValue *zones = gst_structure_get_value (s, WF_FIELD_OCC_ZONES);
  const GValue *lines = gst_structure_get_value (s, WF_FIELD_OCC_LINES);

  for (guint i = 0; zones && i < gst_value_list_get_size (zones); i++) {
    const GstStructure *z =
        gst_value_get_structure (gst_value_list_get_value (zones, i));
    const gchar *name = gst_structure_get_string (z, WF_FIELD_NAME);
    guint peak = 0;
    gst_structure_get_uint (z, WF_FIELD_PEAK, &peak);
    if (g_strcmp0 (name, "left") == 0)
      r->left_peak = peak;
    else if (g_strcmp0 (name, "right") == 0)
      r->right_peak = peak;
  }
  for (guint i = 0; lines && i < gst_value_list_get_size (lines); i++) {
    const GstStructure *l =
        gst_value_get_structure (gst_value_list_get_value (lines, i));
    gst_structure_get_uint (l, WF_FIELD_IN, &r->line_in);
    gst_structure_get_uint (l, WF_FIELD_OUT, &r->line_out);
  }
}

static void
read_names (Run * r, const GstStructure * s)
{
  const GValue *matches = gst_structure_get_value (s, WF_FIELD_MATCHES);

  for (guint i = 0; matches && i < gst_value_list_get_size (matches); i++) {
    const gchar *emp = gst_structure_get_string (gst_value_get_structure
        (gst_value_list_get_value (matches, i)), WF_FIELD_EMPLOYEE_ID);
    if (g_strcmp0 (emp, PERSON_ID) == 0)
      r->named++;
    else if (emp)
      r->misnamed++;
  }
}

/* Pushes the shots through facedetect (with @props) ! occupancy, with
 * @names facematch between them. */
static void
run_video_full (const Shot * shots, guint n, const gchar * props,
    gboolean names, Run * r)
{
  g_autofree gchar *match = names ? g_strdup_printf (" ! facematch "
      "gallery=\"%s\"", gallery_path) : g_strdup ("");
  g_autofree gchar *launch = g_strdup_printf ("facedetect motion-mask=\""
      MASK "\" %s%s ! occupancy lines=\"door=0.5,0 0.5,1\" zones=\"" ZONES
      "\"", props, match);
  GstHarness *h = gst_harness_new_parse (launch);
  GstBus *bus = gst_bus_new ();
  MotionScene sc;

  memset (r, 0, sizeof (*r));
  r->analysed_at = g_array_new (FALSE, TRUE, sizeof (gboolean));
  r->faces_at = g_array_new (FALSE, TRUE, sizeof (guint));
  motion_scene_init (&sc, W, H, 77);
  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=640,"
      "height=360,framerate=15/1");
  for (guint i = 0; i < n; i++) {
    g_autofree guint8 *luma = render (&sc, &shots[i]);
    GstMessage *msg;

    g_assert_cmpint (gst_harness_push (h, i420_buffer (luma, i)), ==,
        GST_FLOW_OK);
    gst_buffer_unref (gst_harness_pull (h));
    while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
      const GstStructure *s = gst_message_get_structure (msg);
      if (gst_structure_has_name (s, WF_MESSAGE_FACEDETECT)) {
        const GValue *faces = gst_structure_get_value (s, WF_FIELD_FACES);
        gboolean analysed = FALSE;
        guint nf = gst_value_list_get_size (faces);
        g_assert_true (gst_structure_get_boolean (s, WF_FIELD_ANALYSED,
                &analysed));
        g_assert_true (gst_structure_get_double (s,
                WF_FIELD_ANALYSED_FRACTION, &r->fraction));
        g_free (r->last_gate);
        r->last_gate = g_strdup (gst_structure_get_string (s,
                WF_FIELD_GATE));
        g_assert_nonnull (r->last_gate);
        g_array_append_val (r->analysed_at, analysed);
        g_array_append_val (r->faces_at, nf);
        r->analysed += analysed;
        r->face_frames += nf > 0;
        r->frames++;
      } else if (gst_structure_has_name (s, WF_MESSAGE_OCCUPANCY)) {
        read_occupancy (r, s);
      } else if (gst_structure_has_name (s, WF_MESSAGE_FACEMATCH)) {
        read_names (r, s);
      }
      gst_message_unref (msg);
    }
  }
  g_assert_cmpuint (r->frames, ==, n);
  motion_scene_clear (&sc);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

static void
run_video (const Shot * shots, guint n, const gchar * props, Run * r)
{
  run_video_full (shots, n, props, FALSE, r);
}

static void
idle_shot (Shot * s, guint i)
{
  s->x = G_MININT;
  s->y = 0;
  s->gain = 1.0;
  s->flicker = (i / 4) % 2;
}

/* ---- the person: a photo the detector finds one face in ---- */

static gboolean
sprite_works (WfDetector * det, MotionScene * sc)
{
  const gint xs[] = { 20, W / 2 - sprite_w / 2, W - sprite_w - 20 };
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams p;

  wf_detector_params_init (&p);
  p.detect_width = 640;
  p.upsample = WF_DETECT_UPSAMPLE_AUTO;
  for (guint i = 0; i < G_N_ELEMENTS (xs); i++) {
    Shot s = { xs[i], (H - sprite_h) / 2, 1.0, FALSE };
    g_autofree guint8 *luma = render (sc, &s);
    WfImage img = { WF_PIXEL_GRAY8, W, H, {luma}, {W}, FALSE };
    GError *err = NULL;

    g_array_set_size (faces, 0);
    g_assert_true (wf_detector_detect (det, &img, &p, faces, &err));
    if (faces->len != 1)
      return FALSE;
  }
  return TRUE;
}

/* The photo's largest face with a margin of half its size around it,
 * scaled so that the face is about a quarter of the frame tall. */
static gboolean
try_sprite (WfDetector * det, MotionScene * sc, const gchar * path)
{
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  GstVideoInfo info;
  GstBuffer *buf;
  GstMapInfo map;
  WfDetectParams p;
  WfImage img = { WF_PIXEL_GRAY8 };
  GError *err = NULL;
  gdouble scale;
  gint x0, y0, cw, ch, best = -1;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  buf = wf_test_load_image (path, GST_VIDEO_FORMAT_GRAY8, 0, 0, &info);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  img.width = GST_VIDEO_INFO_WIDTH (&info);
  img.height = GST_VIDEO_INFO_HEIGHT (&info);
  img.data[0] = map.data;
  img.stride[0] = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  wf_detector_params_init (&p);
  p.detect_width = 640;
  g_assert_true (wf_detector_detect (det, &img, &p, faces, &err));
  for (guint i = 0; i < faces->len; i++)
    if (best < 0 || g_array_index (faces, WfFace, i).box.w >
        g_array_index (faces, WfFace, best).box.w)
      best = i;
  if (best < 0) {
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
    return FALSE;
  }
  {
    const WfRect *r = &g_array_index (faces, WfFace, best).box;
    x0 = MAX (0, (gint) (r->x - r->w / 2));
    y0 = MAX (0, (gint) (r->y - r->h / 2));
    cw = MIN (img.width - x0, (gint) (2 * r->w));
    ch = MIN (img.height - y0, (gint) (2 * r->h));
    scale = (H / 4.0) / r->h;
  }
  sprite_w = MAX (16, (gint) (cw * scale));
  sprite_h = MAX (16, (gint) (ch * scale));
  g_clear_pointer (&sprite, g_free);
  sprite = g_malloc ((gsize) sprite_w * sprite_h);
  for (gint y = 0; y < sprite_h; y++)
    for (gint x = 0; x < sprite_w; x++) {
      gint sx = MIN (cw - 1, (gint) (x / scale)), sy = MIN (ch - 1,
          (gint) (y / scale));
      sprite[(gsize) y * sprite_w + x] =
          map.data[(gsize) (y0 + sy) * img.stride[0] + x0 + sx];
    }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  if (sprite_w > W / 2 || sprite_h > H * 2 / 3)
    return FALSE;
  return sprite_works (det, sc);
}

static gint
cmp_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

static gboolean
find_sprite (void)
{
  const gchar *data = g_getenv ("WF_TESTDATA_DIR");
  const gchar *api = g_getenv ("WF_FACE_API_DIR");
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (WfDetector) det = NULL;
  GError *err = NULL;
  MotionScene sc;
  gboolean found = FALSE;

  if (data) {
    g_autofree gchar *root = g_build_filename (data, "faces", NULL);
    g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
    const gchar *name;
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    while (dir && (name = g_dir_read_name (dir)))
      g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, cmp_names);
    for (guint i = 0; i < names->len; i++)
      for (gint k = 1; k <= 5; k++)
        g_ptr_array_add (paths, g_strdup_printf ("%s/%s/%d.jpg", root,
                (gchar *) g_ptr_array_index (names, i), k));
    g_ptr_array_unref (names);
  }
  for (gint k = 1; api && k <= 6; k++)
    g_ptr_array_add (paths, g_strdup_printf ("%s/demo/sample%d.jpg", api, k));

  det = wf_detector_new (wf_detector_default_backend (), NULL, &err);
  if (det == NULL) {
    g_printerr ("SKIP: no face detector: %s\n", err->message);
    g_clear_error (&err);
    return FALSE;
  }
  motion_scene_init (&sc, W, H, 77);
  for (guint i = 0; !found && i < paths->len; i++) {
    found = try_sprite (det, &sc, g_ptr_array_index (paths, i));
    if (found)
      sprite_path = g_strdup (g_ptr_array_index (paths, i));
  }
  motion_scene_clear (&sc);
  if (!found)
    g_printerr ("SKIP: no photo with one face the detector finds, among "
        "%u (shared faces/ and %s/demo)\n", paths->len, api ? api :
        "WF_FACE_API_DIR unset");
  else
    g_printerr ("# person: %s (%dx%d)\n", sprite_path, sprite_w, sprite_h);
  return found;
}

/* ---- tests ---- */

/* A still office: noise, the masked clock flickering, the lights switched
 * on at once (frame 60), then dimming slowly. */
static void
test_idle (void)
{
  const guint n = 180;
  g_autofree Shot *shots = g_new0 (Shot, n);
  Run on, off;

  for (guint i = 0; i < n; i++) {
    idle_shot (&shots[i], i);
    shots[i].gain = i < 60 ? 1.0 : 1.3 - 0.3 * (i > 100 ? i - 100 : 0) / 80;
  }
  run_video (shots, n, "", &on);
  g_printerr ("# idle: gate on analysed %u of %u frames (%s)\n", on.analysed,
      n, on.last_gate);
  g_assert_cmpuint (on.analysed * 10, <=, n);
  g_assert_cmpuint (on.face_frames, ==, 0);
  g_assert_cmpstr (on.last_gate, ==, "idle");
  g_assert_cmpfloat_with_epsilon (on.fraction, (gdouble) on.analysed / n,
      1e-9);
  run_video (shots, n, "motion-gate=false", &off);
  g_assert_cmpuint (off.analysed, ==, n);
  g_assert_cmpstr (off.last_gate, ==, "off");
  run_clear (&on);
  run_clear (&off);
}

/* Someone crosses the door line left to right over 6 s and leaves; idle
 * seconds before and after. */
static void
test_crossing (void)
{
  const guint idle = 45, walk = 90, n = idle + walk + idle;
  g_autofree Shot *shots = g_new0 (Shot, n);
  guint idle_analysed = 0;
  Run on, off;

  for (guint i = 0; i < n; i++) {
    idle_shot (&shots[i], i);
    if (i >= idle && i < idle + walk) {
      gint k = i - idle;
      shots[i].x = -sprite_w / 2 + k * (W) / (walk - 1);
      shots[i].y = (H - sprite_h) / 2 + (k % 10 < 5 ? 2 : -2);
    }
  }
  run_video (shots, n, "", &on);
  run_video (shots, n, "motion-gate=false", &off);
  for (guint i = 0; i < n; i++)
    if (i < idle || i >= idle + walk + 2 * 11)
      idle_analysed += g_array_index (on.analysed_at, gboolean, i);
  g_printerr ("# crossing: gate on analysed %u of %u frames (%u of the idle "
      "ones), faces on %u frames; gate off faces on %u; door in %u/%u out "
      "%u/%u, peaks left %u/%u right %u/%u (on/off)\n", on.analysed, n,
      idle_analysed, on.face_frames, off.face_frames, on.line_in,
      off.line_in, on.line_out, off.line_out, on.left_peak, off.left_peak,
      on.right_peak, off.right_peak);
  /* the truth: one person, out through the door, in each zone once */
  g_assert_cmpuint (off.line_out, ==, 1);
  g_assert_cmpuint (off.line_in, ==, 0);
  g_assert_cmpuint (off.left_peak, ==, 1);
  g_assert_cmpuint (off.right_peak, ==, 1);
  g_assert_cmpuint (on.line_out, ==, off.line_out);
  g_assert_cmpuint (on.line_in, ==, off.line_in);
  g_assert_cmpuint (on.left_peak, ==, off.left_peak);
  g_assert_cmpuint (on.right_peak, ==, off.right_peak);
  /* a face that moves keeps the analysis going */
  g_assert_cmpuint (on.face_frames * 10, >=, off.face_frames * 9);
  g_assert_cmpuint (idle_analysed * 10, <=, 2 * idle);
  g_assert_cmpuint (on.analysed, <, off.analysed);
  run_clear (&on);
  run_clear (&off);
  if (!gallery_path) {
    g_test_message ("names not checked: this build recognises no faces");
    return;
  }
  /* the names: facematch after the gate names the walker as it does
   * without the gate, and no one else */
  run_video_full (shots, n, "", TRUE, &on);
  run_video_full (shots, n, "motion-gate=false", TRUE, &off);
  g_printerr ("# crossing, names: %s on %u face-frames with the gate, %u "
      "without; others named %u / %u\n", PERSON_ID, on.named, off.named,
      on.misnamed, off.misnamed);
  g_assert_cmpuint (off.named, >, 0);
  g_assert_cmpuint (on.misnamed, ==, 0);
  g_assert_cmpuint (off.misnamed, ==, 0);
  g_assert_cmpuint (on.named * 10, >=, off.named * 9);
  run_clear (&on);
  run_clear (&off);
}

/* Someone walks in and stands still: once the background has taken them
 * in (a few seconds), the face stays reported (carried between searches)
 * while the detector runs once every max-skip + 1 frames; max-skip=0
 * searches every such frame. */
static void
test_still_face (void)
{
  const guint walk = 30, settle = 60, stand = 180, n = walk + stand;
  const guint counted = stand - settle;
  const gint x_end = W / 2 - sprite_w / 2;
  g_autofree Shot *shots = g_new0 (Shot, n);
  guint standing_analysed = 0, standing_faces = 0;
  Run on, zero;

  for (guint i = 0; i < n; i++) {
    idle_shot (&shots[i], i);
    shots[i].x = i < walk ? -sprite_w / 2 + (gint) i * (x_end +
        sprite_w / 2) / (gint) walk : x_end;
    shots[i].y = (H - sprite_h) / 2;
  }
  run_video (shots, n, "", &on);
  for (guint i = walk; i < n; i++) {
    standing_faces += g_array_index (on.faces_at, guint, i) > 0;
    if (i >= walk + settle)
      standing_analysed += g_array_index (on.analysed_at, gboolean, i);
  }
  g_printerr ("# still face: %u of the last %u standing frames analysed, a "
      "face on %u of %u\n", standing_analysed, counted, standing_faces,
      stand);
  g_assert_cmpuint (standing_faces, ==, stand);
  g_assert_cmpuint (standing_analysed * 10, <=, counted);
  g_assert_cmpuint (standing_analysed, >=, counted / 11 - 1);
  g_assert_cmpstr (on.last_gate, ==, "track");

  run_video (shots, n, "max-skip=0", &zero);
  standing_analysed = 0;
  for (guint i = walk + settle; i < n; i++)
    standing_analysed += g_array_index (zero.analysed_at, gboolean, i);
  g_assert_cmpuint (standing_analysed, ==, counted);
  run_clear (&on);
  run_clear (&zero);
}

static void
on_warning (GstBus * bus, GstMessage * msg, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_properties (void)
{
  GstElement *e = gst_element_factory_make ("facedetect", NULL);
  GstBus *bus = gst_bus_new ();
  gboolean gate;
  gint thr;
  guint skip, warnings = 0;
  gchar *mask;
  GstMessage *msg;

  g_assert_nonnull (e);
  g_object_get (e, "motion-gate", &gate, "motion-threshold", &thr,
      "max-skip", &skip, "motion-mask", &mask, NULL);
  g_assert_true (gate);
  g_assert_cmpint (thr, ==, WF_MOTION_DEFAULT_THRESHOLD);
  g_assert_cmpuint (skip, ==, 10);
  g_assert_null (mask);

  gst_element_set_bus (e, bus);
  g_object_set (e, "motion-mask", MASK, NULL);
  g_object_set (e, "motion-mask", "clock=0,0 2,0 1,1", NULL);
  g_object_set (e, "motion-mask", "clock=0,0", NULL);
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
    on_warning (bus, msg, &warnings);
    gst_message_unref (msg);
  }
  g_assert_cmpuint (warnings, ==, 2);
  g_object_get (e, "motion-mask", &mask, NULL);
  g_assert_cmpstr (mask, ==, MASK);
  g_free (mask);
  g_object_set (e, "motion-mask", "", NULL);
  g_object_get (e, "motion-mask", &mask, NULL);
  g_assert_null (mask);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

/* Enrols the person as PERSON_ID from a frame of the video itself (the
 * sprite in the middle of the scene), where the build recognises faces. */
static void
setup_gallery (void)
{
  Shot shot = { W / 2 - sprite_w / 2, (H - sprite_h) / 2, 1.0, FALSE };
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  g_autoptr (WfDetector) det = NULL;
  g_autoptr (WfRecognizer) rec = NULL;
  g_autoptr (WfGallery) gallery = NULL;
  g_autofree guint8 *luma = NULL;
  gfloat desc[WF_DESCRIPTOR_DIM];
  WfEnrolSample sample = {.descriptor = desc,.source = "video",
    .detector = "hog"
  };
  WfDetectParams p;
  WfImage img = { WF_PIXEL_GRAY8, W, H, {NULL}, {W}, FALSE };
  GstElementFactory *fm = gst_element_factory_find ("facematch");
  MotionScene sc;
  GError *err = NULL;

  if (!fm || !wf_recognizer_available ()) {
    g_clear_object (&fm);
    return;
  }
  gst_object_unref (fm);
  rec = wf_recognizer_new (NULL, NULL, &err);
  if (!rec) {
    g_printerr ("# names not checked: %s\n", err->message);
    g_clear_error (&err);
    return;
  }
  det = wf_detector_new (wf_detector_default_backend (), NULL, &err);
  g_assert_no_error (err);
  motion_scene_init (&sc, W, H, 77);
  luma = render (&sc, &shot);
  motion_scene_clear (&sc);
  img.data[0] = luma;
  wf_detector_params_init (&p);
  p.detect_width = 640;
  p.upsample = WF_DETECT_UPSAMPLE_AUTO;
  g_assert_true (wf_detector_detect (det, &img, &p, faces, &err));
  g_assert_cmpuint (faces->len, ==, 1);
  sample.box = g_array_index (faces, WfFace, 0).box;
  g_assert_true (wf_recognizer_describe (rec, &img, &sample.box, 1, desc,
          &err));
  g_assert_no_error (err);
  gallery_dir = g_dir_make_tmp ("wf-motion-XXXXXX", NULL);
  gallery_path = g_build_filename (gallery_dir, "gallery.db", NULL);
  gallery = wf_gallery_open (gallery_path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_assert_true (wf_gallery_enroll (gallery, PERSON_ID, "Walker", &sample, 1,
          &err));
  g_assert_no_error (err);
}

static void
remove_gallery (void)
{
  g_autoptr (GDir) d = NULL;
  const gchar *name;

  if (!gallery_dir)
    return;
  d = g_dir_open (gallery_dir, 0, NULL);
  while (d && (name = g_dir_read_name (d))) {
    g_autofree gchar *f = g_build_filename (gallery_dir, name, NULL);
    g_unlink (f);
  }
  g_rmdir (gallery_dir);
}

int
main (int argc, char **argv)
{
  int rc;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/motion-element/properties", test_properties);
  if (find_sprite ()) {
    setup_gallery ();
    g_test_add_func ("/motion-element/idle", test_idle);
    g_test_add_func ("/motion-element/crossing", test_crossing);
    g_test_add_func ("/motion-element/still-face", test_still_face);
  }
  rc = g_test_run ();
  remove_gallery ();
  return rc;
}
