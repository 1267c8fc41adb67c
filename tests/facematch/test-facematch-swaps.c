/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * facematch on videos made at test time from testdata/faces (issue 11):
 * people replaced in place between two frames, a person leaving and another
 * entering where they stood after 0, 5 and 30 frames, two people crossing,
 * a face turning to the side for a second (drawn narrower: a turn as the
 * landmark fit sees it, not a photographed profile).
 * Each person is enrolled from faces/<name>/1.jpg and appears from 2.jpg,
 * pasted on a 640x360 canvas, moving a little from frame to frame; face
 * ROIs are scripted where the faces are (the box dlib's HOG detector finds
 * on the photo, moved with it), so the test measures identity over time,
 * not detection.  The truth is known per frame; asserted per video:
 * - at least 95% of face-frames named correctly, counting each appearance
 *   after its first 5 frames;
 * - no face named after a person absent from the frame for more than 3
 *   frames in a row.
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "wf-embedder.h"
#include "wf-face-find.h"
#include "wf-gallery.h"
#include "wf-meta.h"
#include "wf-model-path.h"
#include "wf-test-common.h"

#define WIDTH 640
#define HEIGHT 360
#define SPRITE 120              /* side of a person's patch on the canvas */
#define MAX_PEOPLE 8

typedef struct {
  gchar *name;
  guint8 *rgb;                  /* SPRITE x SPRITE packed RGB */
  WfRect face;                  /* in sprite coordinates */
} Person;

static Person people[MAX_PEOPLE];
static guint n_people;
static gchar *tmpdir;
static gchar *gallery_path;

static void
require_models (void)
{
  const gchar *names[] = { WF_EMBEDDER_RESNET_MODEL,
    WF_EMBEDDER_LANDMARKS_MODEL
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    GError *err = NULL;
    gchar *p = wf_model_path_find (names[i], &err);
    if (p == NULL) {
      g_printerr ("SKIP: %s\n", err->message);
      exit (77);
    }
    g_free (p);
  }
}

static gint
cmp_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

static gboolean
largest_face (WfDetector * det, const WfImageFile * img, WfRect * box)
{
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams params;
  GError *err = NULL;

  wf_face_find_params_init (&params, 1);
  g_assert_true (wf_face_find (det, &params, img, faces, &err));
  if (faces->len == 0)
    return FALSE;
  *box = g_array_index (faces, WfFace, wf_face_find_largest (faces)).box;
  return TRUE;
}

/* A SPRITE-square patch around the face of @img (1.8 face sides), scaled
 * bilinearly; outside the photo is mid grey. */
static void
make_sprite (Person * p, const WfImageFile * img, const WfRect * box)
{
  gdouble side = 1.8 * MAX (box->w, box->h);
  gdouble x0 = box->x + box->w / 2 - side / 2;
  gdouble y0 = box->y + box->h / 2 - side / 2;
  gdouble s = side / SPRITE;

  p->rgb = g_malloc (SPRITE * SPRITE * 3);
  for (gint y = 0; y < SPRITE; y++) {
    for (gint x = 0; x < SPRITE; x++) {
      gdouble sx = x0 + (x + 0.5) * s - 0.5, sy = y0 + (y + 0.5) * s - 0.5;
      gint ix = (gint) floor (sx), iy = (gint) floor (sy);
      gdouble fx = sx - ix, fy = sy - iy;
      guint8 *o = p->rgb + (y * SPRITE + x) * 3;
      for (gint c = 0; c < 3; c++) {
        gdouble v = 0;
        for (gint k = 0; k < 4; k++) {
          gint px = ix + (k & 1), py = iy + (k >> 1);
          gdouble w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
          gdouble pv = 128;
          if (px >= 0 && py >= 0 && px < img->width && py < img->height)
            pv = img->rgb[((gsize) py * img->width + px) * 3 + c];
          v += w * pv;
        }
        o[c] = (guint8) CLAMP (v + 0.5, 0, 255);
      }
    }
  }
  p->face.x = (box->x - x0) / s;
  p->face.y = (box->y - y0) / s;
  p->face.w = box->w / s;
  p->face.h = box->h / s;
}

/* Enrols every person of faces/ from 1.jpg; the first MAX_PEOPLE whose
 * 2.jpg has a face become the actors. */
static void
setup_people (void)
{
  g_autofree gchar *root = wf_test_data_path ("faces");
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (WfDetector) det = NULL;
  g_autoptr (WfEmbedder) emb = NULL;
  g_autoptr (WfGallery) gallery = NULL;
  const gchar *name;
  GError *err = NULL;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cmp_strings);
  tmpdir = g_dir_make_tmp ("wf-swaps-XXXXXX", NULL);
  gallery_path = g_build_filename (tmpdir, "staff.db", NULL);
  gallery = wf_gallery_open (gallery_path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);
  emb = wf_embedder_new (NULL, NULL, &err);
  g_assert_no_error (err);

  for (guint i = 0; i < names->len; i++) {
    const gchar *id = g_ptr_array_index (names, i);
    g_autofree gchar *p1 = g_build_filename (root, id, "1.jpg", NULL);
    g_autofree gchar *p2 = g_build_filename (root, id, "2.jpg", NULL);
    g_autoptr (WfImageFile) img1 = wf_image_file_load (p1, &err);
    g_autoptr (WfImageFile) img2 = NULL;
    gfloat desc[WF_DESCRIPTOR_DIM];
    WfEnrolSample s = {.descriptor = desc,.source = "1.jpg",.detector = "hog"
    };
    WfImage view;
    WfRect box;

    g_assert_no_error (err);
    if (!largest_face (det, img1, &s.box))
      continue;
    wf_image_file_view (img1, &view);
    g_assert_true (wf_embedder_compute (emb, &view, &s.box, 1, desc, &err));
    g_assert_true (wf_gallery_enroll (gallery, id, id, &s, 1, &err));
    g_assert_no_error (err);

    if (n_people == MAX_PEOPLE || !g_file_test (p2, G_FILE_TEST_EXISTS))
      continue;
    img2 = wf_image_file_load (p2, &err);
    g_assert_no_error (err);
    if (!largest_face (det, img2, &box))
      continue;
    people[n_people].name = g_strdup (id);
    make_sprite (&people[n_people], img2, &box);
    n_people++;
  }
  g_print ("# actors:");
  for (guint i = 0; i < n_people; i++)
    g_print (" %s", people[i].name);
  g_print ("\n");
  g_assert_cmpuint (n_people, ==, MAX_PEOPLE);
}

/* One person on one frame: sprite top-left at (x, y); drawn in order, so a
 * later placement hides an earlier one. */
typedef struct {
  gint person;                  /* -1: end of the list */
  gint x, y;
  gdouble turn;                 /* 0 frontal .. 1 the most turned */
  gdouble depth;                /* how much the far half narrows at 1 */
} Placement;

/* A head turned to its left: the half of the face turning away narrows
 * more than the near half (at 1, the far half by @depth, the near one to
 * 80%), so the nose moves towards the far eye as in a real turn.  Widths of
 * the left (in the picture) and right halves. */
#define TURN_FAR(turn, depth) (1.0 - (depth) * (turn))
#define TURN_NEAR(turn) (1.0 - 0.2 * (turn))

#define MAX_PLACED 4

typedef struct {
  Placement placed[MAX_PLACED];
} Frame;

typedef struct {
  const gchar *what;
  GArray *frames;               /* Frame */
  gint expect_breaks;           /* -1: not checked */
  guint min_correct_pct;        /* of the counted face-frames; 95 */
  gint expect_wrong;            /* -1: not checked */
} Video;

static void
video_add (Video * v, const Placement * p, guint n)
{
  Frame f;

  for (guint i = 0; i < MAX_PLACED; i++)
    f.placed[i] = (Placement) {
    -1, 0, 0};
  for (guint i = 0; i < n && i < MAX_PLACED; i++)
    f.placed[i] = p[i];
  g_array_append_val (v->frames, f);
}

static WfRect
face_box (const Placement * p)
{
  const WfRect *f = &people[p->person].face;
  gdouble half = f->w / 2, cx = f->x + half;
  gdouble x0 = cx - half * TURN_FAR (p->turn, p->depth);
  WfRect r = { p->x + x0, p->y + f->y,
    half * (TURN_FAR (p->turn, p->depth) + TURN_NEAR (p->turn)), f->h
  };
  return r;
}

static gdouble
overlap (const WfRect * a, const WfRect * b)
{
  gdouble x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  gdouble x1 = MIN (a->x + a->w, b->x + b->w);
  gdouble y1 = MIN (a->y + a->h, b->y + b->h);
  if (x1 <= x0 || y1 <= y0)
    return 0;
  return (x1 - x0) * (y1 - y0) / (a->w * a->h);
}

/* Whether the face of placement @i is visible: less than a third of it
 * under a face drawn later. */
static gboolean
visible (const Frame * f, guint i)
{
  WfRect a = face_box (&f->placed[i]);
  for (guint k = i + 1; k < MAX_PLACED && f->placed[k].person >= 0; k++) {
    WfRect b = face_box (&f->placed[k]);
    if (overlap (&a, &b) > 0.33)
      return FALSE;
  }
  return TRUE;
}

static GstBuffer *
render (const Frame * f, guint n, guint * truth, guint * n_truth)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, WIDTH * HEIGHT * 3, NULL);
  GstMapInfo map;

  g_assert_true (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (gint y = 0; y < HEIGHT; y++)
    for (gint x = 0; x < WIDTH; x++) {
      guint8 *o = map.data + ((gsize) y * WIDTH + x) * 3;
      o[0] = (guint8) (90 + x / 8);
      o[1] = (guint8) (100 + y / 6);
      o[2] = 110;
    }
  for (guint i = 0; i < MAX_PLACED && f->placed[i].person >= 0; i++) {
    const Placement *p = &f->placed[i];
    const Person *pe = &people[p->person];
    /* a turned face: each side of the face's centre squeezed by its own
     * factor; the columns it leaves show the background */
    const gdouble kl = TURN_FAR (p->turn, p->depth);
    const gdouble kr = TURN_NEAR (p->turn);
    const gdouble fc = pe->face.x + pe->face.w / 2;
    for (gint y = 0; y < SPRITE; y++) {
      gint cy = p->y + y;
      if (cy < 0 || cy >= HEIGHT)
        continue;
      for (gint x = 0; x < SPRITE; x++) {
        gint cx = p->x + x;
        gint sx = (gint) lround (fc + (x - fc) / (x < fc ? kl : kr));
        if (cx < 0 || cx >= WIDTH || sx < 0 || sx >= SPRITE)
          continue;
        memcpy (map.data + ((gsize) cy * WIDTH + cx) * 3,
            pe->rgb + (y * SPRITE + sx) * 3, 3);
      }
    }
  }
  gst_buffer_unmap (buf, &map);

  *n_truth = 0;
  for (guint i = 0; i < MAX_PLACED && f->placed[i].person >= 0; i++) {
    WfRect b;
    GstVideoRegionOfInterestMeta *roi;
    if (!visible (f, i))
      continue;
    b = face_box (&f->placed[i]);
    roi = gst_buffer_add_video_region_of_interest_meta (buf,
        WF_ROI_TYPE_FACE, (guint) MAX (0, b.x), (guint) MAX (0, b.y),
        (guint) b.w, (guint) b.h);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new (WF_PARAM_DETECTION, WF_FIELD_CONFIDENCE,
            G_TYPE_DOUBLE, 0.9, NULL));
    truth[(*n_truth)++] = f->placed[i].person;
  }
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (n, GST_SECOND, 15);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (1, GST_SECOND, 15);
  return buf;
}

/* Runs @v through facematch and checks the two figures. */
static void
run_video (Video * v)
{
  GstElement *e = gst_element_factory_make ("facematch", NULL);
  g_autoptr (GstCaps) caps = gst_caps_new_simple ("video/x-raw",
      "format", G_TYPE_STRING, "RGB", "width", G_TYPE_INT, WIDTH,
      "height", G_TYPE_INT, HEIGHT, "framerate", GST_TYPE_FRACTION, 15, 1,
      NULL);
  GstHarness *h;
  /* frames since each person appeared (contiguously visible) */
  guint since[MAX_PEOPLE] = { 0 };
  gboolean was_visible[MAX_PEOPLE] = { 0 };
  /* per ROI position: consecutive frames naming an absent person */
  guint absent_run[MAX_PLACED] = { 0 }, worst_absent = 0;
  guint counted = 0, correct = 0, unknown = 0, wrong = 0;
  guint64 computed = 0, breaks = 0;
  guint broken_reported = 0;
  GstBus *bus;

  g_assert_nonnull (e);
  g_object_set (e, "gallery", gallery_path, NULL);
  bus = gst_bus_new ();
  gst_element_set_bus (e, bus);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps (h, gst_caps_ref (caps));

  for (guint n = 0; n < v->frames->len; n++) {
    const Frame *f = &g_array_index (v->frames, Frame, n);
    guint truth[MAX_PLACED], n_truth;
    gboolean now_visible[MAX_PEOPLE] = { 0 };
    GstBuffer *out = gst_harness_push_and_pull (h, render (f, n, truth,
            &n_truth));
    gpointer state = NULL;
    GstMeta *meta;
    guint k = 0;
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
    const GValue *matches = NULL;

    if (n_truth > 0) {
      g_assert_nonnull (msg);
      matches = gst_structure_get_value (gst_message_get_structure (msg),
          WF_FIELD_MATCHES);
      g_assert_cmpuint (gst_value_list_get_size (matches), ==, n_truth);
    }

    for (guint i = 0; i < n_truth; i++)
      now_visible[truth[i]] = TRUE;
    for (guint p = 0; p < MAX_PEOPLE; p++) {
      since[p] = now_visible[p] ? (was_visible[p] ? since[p] + 1 : 0) : 0;
      was_visible[p] = now_visible[p];
    }
    while ((meta = gst_buffer_iterate_meta_filtered (out, &state,
                GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
      GstStructure *fm = gst_video_region_of_interest_meta_get_param (
          (GstVideoRegionOfInterestMeta *) meta, WF_PARAM_FACEMATCH);
      const gchar *emp;
      gboolean absent = FALSE;

      const GstStructure *m;
      const gchar *st;
      guint support = 0;

      g_assert_nonnull (fm);
      g_assert_cmpuint (k, <, n_truth);
      emp = gst_structure_get_string (fm, WF_FIELD_EMPLOYEE_ID);
      /* fresh/held carry a name backed by descriptors; broken says whose
       * name was withdrawn; the message says the same as the param */
      st = gst_structure_get_string (fm, WF_FIELD_IDENTITY);
      g_assert_nonnull (st);
      g_assert_true (gst_structure_get_uint (fm, WF_FIELD_SUPPORT, &support));
      if (g_str_equal (st, "fresh") || g_str_equal (st, "held")) {
        g_assert_nonnull (emp);
        g_assert_cmpuint (support, >=, 1);
      } else if (g_str_equal (st, "none")) {
        g_assert_null (emp);
      } else {
        g_assert_cmpstr (st, ==, "broken");
        g_assert_nonnull (gst_structure_get_string (fm, WF_FIELD_BROKEN_ID));
        g_assert_cmpstr (gst_structure_get_string (fm, WF_FIELD_BROKEN_ID),
            !=, emp);
        broken_reported++;
      }
      m = gst_value_get_structure (gst_value_list_get_value (matches, k));
      g_assert_cmpstr (gst_structure_get_string (m, WF_FIELD_IDENTITY), ==,
          st);
      g_assert_cmpstr (gst_structure_get_string (m, WF_FIELD_EMPLOYEE_ID),
          ==, emp);
      if (emp) {
        absent = TRUE;
        for (guint i = 0; i < n_truth; i++)
          if (g_strcmp0 (emp, people[truth[i]].name) == 0)
            absent = FALSE;
      }
      absent_run[k] = absent ? absent_run[k] + 1 : 0;
      worst_absent = MAX (worst_absent, absent_run[k]);
      if (since[truth[k]] >= 5) {
        counted++;
        if (g_strcmp0 (emp, people[truth[k]].name) == 0)
          correct++;
        else if (emp == NULL)
          unknown++;
        else
          wrong++;
      }
      if (g_strcmp0 (emp, people[truth[k]].name) != 0)
        g_test_message ("%s frame %u: %s shown, %s (%s) reported", v->what, n,
            people[truth[k]].name, GST_STR_NULL (emp),
            gst_structure_get_string (fm, WF_FIELD_IDENTITY));
      k++;
    }
    g_assert_cmpuint (k, ==, n_truth);
    gst_buffer_unref (out);
    g_clear_pointer (&msg, gst_message_unref);
  }
  g_object_get (h->element, "descriptors-computed", &computed,
      "identity-breaks", &breaks, NULL);
  g_print ("# %s: %u frames, %u/%u face-frames named right (%u unknown, %u "
      "wrong), longest run naming an absent person %u, %" G_GUINT64_FORMAT
      " descriptors, %" G_GUINT64_FORMAT " breaks\n", v->what,
      v->frames->len, correct, counted, unknown, wrong, worst_absent,
      computed, breaks);
  g_assert_cmpuint (counted, >, 0);
  g_assert_cmpuint (correct * 100, >=, counted * v->min_correct_pct);
  if (v->expect_wrong >= 0)
    g_assert_cmpuint (wrong, ==, v->expect_wrong);
  g_assert_cmpuint (worst_absent, <=, 3);
  /* every break is reported once, on its frame */
  g_assert_cmpuint (broken_reported, ==, breaks);
  if (v->expect_breaks >= 0)
    g_assert_cmpuint (breaks, ==, v->expect_breaks);
  gst_harness_teardown (h);
  gst_object_unref (bus);
}

static Video *
video_new (const gchar * what)
{
  Video *v = g_new0 (Video, 1);
  v->what = what;
  v->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  v->expect_breaks = -1;
  v->min_correct_pct = 95;
  v->expect_wrong = -1;
  return v;
}

static void
video_free (Video * v)
{
  g_array_unref (v->frames);
  g_free (v);
}

/* a few pixels of sway, as people standing do */
static gint
sway (guint n, guint phase)
{
  return (gint) lround (3.0 * sin ((n + phase * 7) / 4.0));
}

/* Three people replaced by three others, in place, between two frames. */
static void
test_swap_in_place (void)
{
  Video *v = video_new ("swap in place");

  for (guint n = 0; n < 40; n++) {
    Placement p[3];
    for (guint i = 0; i < 3; i++) {
      p[i].person = n < 20 ? i : 3 + i;
      p[i].x = 70 + 190 * i + sway (n, i);
      p[i].y = 110 + sway (n, i + 3) / 2;
    }
    video_add (v, p, 3);
  }
  /* one per face replaced, no other */
  v->expect_breaks = 3;
  run_video (v);
  video_free (v);
}

/* One leaves, another steps in where they stood @gap frames later; a
 * third person stays in view all along. */
static void
leave_and_enter (guint gap)
{
  g_autofree gchar *what = g_strdup_printf ("leave, enter after %u frames",
      gap);
  Video *v = video_new (what);

  for (guint n = 0; n < 40 + gap; n++) {
    Placement p[2];
    guint np = 0;
    p[np++] = (Placement) {
    1, 420 + sway (n, 2), 100};
    if (n < 20 || n >= 20 + gap)
      p[np++] = (Placement) {
      n < 20 ? 3 : 7, 150 + sway (n, 0), 120 + sway (n, 1) / 2};
    video_add (v, p, np);
  }
  run_video (v);
  video_free (v);
}

static void
test_leave_enter_0 (void)
{
  leave_and_enter (0);
}

static void
test_leave_enter_5 (void)
{
  leave_and_enter (5);
}

static void
test_leave_enter_30 (void)
{
  leave_and_enter (30);
}

/* Two people walking past each other; the one in front hides the other
 * for a few frames. */
static void
test_crossing (void)
{
  Video *v = video_new ("crossing");

  for (guint n = 0; n < 44; n++) {
    Placement p[2] = {
      {0, 40 + (gint) n * 11, 120},
      {5, 520 - (gint) n * 11, 110},
    };
    video_add (v, p, 2);
  }
  /* each keeps their own name: nothing to withdraw */
  v->expect_breaks = 0;
  run_video (v);
  video_free (v);
}

/* A face turning to the side for a second and back (15 frames at 15 fps,
 * the turn and the return over 4 frames each, the far half of the face
 * narrowed by @depth at the most), another person in view all along. */
static Video *
turn_video (const gchar * what, gdouble depth)
{
  Video *v = video_new (what);

  for (guint n = 0; n < 60; n++) {
    gdouble turn = 0;
    Placement p[2];
    if (n >= 20 && n < 35)
      turn = MIN (1.0, MIN (n - 19, 35 - n) / 4.0);
    p[0] = (Placement) {
    2, 100 + sway (n, 0), 120 + sway (n, 1) / 2, turn, depth};
    p[1] = (Placement) {
    4, 420 + sway (n, 2), 110, 0, 0};
    video_add (v, p, 2);
  }
  return v;
}

/* A turn of about 60 degrees (the far half to 25%): the turned chips are
 * poorer (quality 0.38-0.47) and a little farther (0.45-0.52), still the
 * same person's: the name stays, nothing is withdrawn. */
static void
test_profile_turn (void)
{
  Video *v = turn_video ("profile turn", 0.75);

  v->expect_breaks = 0;
  v->expect_wrong = 0;
  run_video (v);
  video_free (v);
}

/* Nearly a full profile (the far half to 10%): the chips are at 0.62 from
 * her and their quality, 0.34, is just under break_quality (0.35), so three
 * in a row withdraw her name as they would a new face's; she is unknown
 * until enough frontal chips name her again.  Measured: 98 of 110
 * face-frames named (89%), below the 95% the other videos meet; asserted
 * at that level, and that no one else's name is given. */
static void
test_profile_turn_deep (void)
{
  Video *v = turn_video ("deep profile turn", 0.9);

  v->min_correct_pct = 85;
  v->expect_wrong = 0;
  v->expect_breaks = 1;
  run_video (v);
  video_free (v);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  wf_test_require_testdata ();
  require_models ();
  setup_people ();
  g_test_add_func ("/facematch/swaps/in-place", test_swap_in_place);
  g_test_add_func ("/facematch/swaps/leave-enter-0", test_leave_enter_0);
  g_test_add_func ("/facematch/swaps/leave-enter-5", test_leave_enter_5);
  g_test_add_func ("/facematch/swaps/leave-enter-30", test_leave_enter_30);
  g_test_add_func ("/facematch/swaps/crossing", test_crossing);
  g_test_add_func ("/facematch/swaps/profile-turn", test_profile_turn);
  g_test_add_func ("/facematch/swaps/profile-turn-deep",
      test_profile_turn_deep);
  rc = g_test_run ();
  for (guint i = 0; i < n_people; i++) {
    g_free (people[i].name);
    g_free (people[i].rgb);
  }
  g_unlink (gallery_path);
  g_rmdir (tmpdir);
  g_free (gallery_path);
  g_free (tmpdir);
  return rc;
}
