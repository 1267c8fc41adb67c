/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The colour signature (wf-appearance.h) on drawn frames, and the tracker's
 * appearance cue on the cases motion alone gets wrong: two people who meet,
 * are hidden for a moment and turn back; a person replaced by another where
 * they stood.  Each tracker case is first run without signatures and shown
 * to fail, so the test proves what the cue adds. */
#include <math.h>

#include "wf-appearance.h"
#include "wf-tracker.h"

#define W 640
#define H 480

typedef struct {
  guint8 head[3], body[3], legs[3];
} Look;

static const Look RED_BLUE = { {224, 172, 140}, {200, 30, 30}, {30, 40, 150} };
static const Look GREEN_GREY = { {150, 110, 80}, {40, 160, 60}, {120, 120,
        120}
};
static const Look YELLOW_BLACK = { {230, 190, 160}, {230, 210, 40}, {20, 20,
        20}
};

static guint8 *
frame_new (void)
{
  guint8 *rgb = g_malloc ((gsize) W * H * 3);

  /* a floor of a dull beige, with a little texture */
  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++) {
      guint8 *p = rgb + ((gsize) y * W + x) * 3;
      gint t = ((x / 8 + y / 8) % 2) * 6;
      p[0] = 170 + t;
      p[1] = 160 + t;
      p[2] = 140 + t;
    }
  return rgb;
}

static void
fill (guint8 * rgb, gint x0, gint y0, gint w, gint h, const guint8 * c,
    gdouble light)
{
  for (gint y = MAX (y0, 0); y < MIN (y0 + h, H); y++)
    for (gint x = MAX (x0, 0); x < MIN (x0 + w, W); x++) {
      guint8 *p = rgb + ((gsize) y * W + x) * 3;
      for (gint k = 0; k < 3; k++)
        p[k] = (guint8) CLAMP (c[k] * light, 0, 255);
    }
}

/* A person of @look in @box: head, body and legs in thirds. */
static void
draw_person (guint8 * rgb, const WfRect * box, const Look * look,
    gdouble light)
{
  gint x = (gint) box->x, y = (gint) box->y, w = (gint) box->w;
  gint h3 = (gint) box->h / 3;

  fill (rgb, x + w / 4, y, w / 2, h3, look->head, light);
  fill (rgb, x, y + h3, w, h3, look->body, light);
  fill (rgb, x + w / 8, y + 2 * h3, w - w / 4, h3, look->legs, light);
}

static WfImage
rgb_image (const guint8 * rgb)
{
  WfImage img = { 0, };

  img.format = WF_PIXEL_RGB;
  img.width = W;
  img.height = H;
  img.data[0] = rgb;
  img.stride[0] = W * 3;
  return img;
}

/* BT.601 video range I420 of @rgb in @buf (W * H * 3 / 2 bytes). */
static WfImage
i420_image (const guint8 * rgb, guint8 * buf)
{
  WfImage img = { 0, };
  guint8 *yp = buf, *up = buf + W * H, *vp = up + W * H / 4;

  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++) {
      const guint8 *p = rgb + ((gsize) y * W + x) * 3;
      gdouble r = p[0], g = p[1], b = p[2];
      gdouble l = 0.299 * r + 0.587 * g + 0.114 * b;
      yp[y * W + x] = (guint8) (16 + l * 219.0 / 255.0 + 0.5);
      if (x % 2 == 0 && y % 2 == 0) {
        up[(y / 2) * (W / 2) + x / 2] =
            (guint8) (128 + (b - l) / 1.772 * 224.0 / 255.0 + 0.5);
        vp[(y / 2) * (W / 2) + x / 2] =
            (guint8) (128 + (r - l) / 1.402 * 224.0 / 255.0 + 0.5);
      }
    }
  img.format = WF_PIXEL_I420;
  img.width = W;
  img.height = H;
  img.data[0] = yp;
  img.data[1] = up;
  img.data[2] = vp;
  img.stride[0] = W;
  img.stride[1] = img.stride[2] = W / 2;
  return img;
}

static WfRect
box_at (gdouble cx, gdouble cy)
{
  WfRect r = { (gfloat) (cx - 30), (gfloat) (cy - 60), 60, 120 };
  return r;
}

static gdouble
similarity_of (const Look * a, gdouble la, const Look * b, gdouble lb)
{
  g_autofree guint8 *fa = frame_new ();
  g_autofree guint8 *fb = frame_new ();
  WfRect box = box_at (320, 240);
  WfImage ia, ib;
  WfAppearance sa, sb;

  draw_person (fa, &box, a, la);
  draw_person (fb, &box, b, lb);
  ia = rgb_image (fa);
  ib = rgb_image (fb);
  g_assert_true (wf_appearance_compute (&ia, &box, &sa));
  g_assert_true (wf_appearance_compute (&ib, &box, &sb));
  return wf_appearance_similarity (&sa, &sb);
}

/* The same look is 1, different looks on the same floor are under the
 * tracker's gate (0.4; the floor around them is common to both), and a
 * change of light of a fifth keeps a look well above it. */
static void
test_signature (void)
{
  gdouble same = similarity_of (&RED_BLUE, 1.0, &RED_BLUE, 1.0);
  gdouble other = similarity_of (&RED_BLUE, 1.0, &GREEN_GREY, 1.0);
  gdouble third = similarity_of (&GREEN_GREY, 1.0, &YELLOW_BLACK, 1.0);
  gdouble darker = similarity_of (&RED_BLUE, 1.0, &RED_BLUE, 0.8);

  g_test_message ("same %.3f, other %.3f, third %.3f, darker %.3f", same,
      other, third, darker);
  g_assert_cmpfloat_with_epsilon (same, 1.0, 1e-5);
  g_assert_cmpfloat (other, <, 0.4);
  g_assert_cmpfloat (third, <, 0.4);
  g_assert_cmpfloat (darker, >, 0.6);
}

/* The same frame as packed RGB and as video-range I420 (chroma at half
 * resolution) gives nearly the same signature. */
static void
test_formats_agree (void)
{
  g_autofree guint8 *rgb = frame_new ();
  g_autofree guint8 *yuv = g_malloc ((gsize) W * H * 3 / 2);
  WfRect box = box_at (200, 200);
  WfImage a, b;
  WfAppearance sa, sb;

  draw_person (rgb, &box, &YELLOW_BLACK, 1.0);
  a = rgb_image (rgb);
  b = i420_image (rgb, yuv);
  g_assert_true (wf_appearance_compute (&a, &box, &sa));
  g_assert_true (wf_appearance_compute (&b, &box, &sb));
  g_assert_cmpfloat (wf_appearance_similarity (&sa, &sb), >, 0.9);
}

/* Boxes too small, outside the frame or not finite give no signature (and
 * a similarity of 0); a box half outside is clipped. */
static void
test_bad_boxes (void)
{
  g_autofree guint8 *rgb = frame_new ();
  WfImage img = rgb_image (rgb);
  WfAppearance s, full;
  WfRect tiny = { 10, 10, 3, 3 }, out = { 700, 10, 40, 40 };
  WfRect nan = { NAN, 0, 10, 10 }, edge = { 600, 400, 100, 200 };

  g_assert_false (wf_appearance_compute (&img, &tiny, &s));
  g_assert_false (s.valid);
  g_assert_false (wf_appearance_compute (&img, &out, &s));
  g_assert_false (wf_appearance_compute (&img, &nan, &s));
  g_assert_true (wf_appearance_compute (&img, &edge, &full));
  g_assert_cmpfloat (wf_appearance_similarity (&s, &full), ==, 0.0);
  g_assert_cmpfloat (wf_appearance_similarity (&full, &full), >, 0.999);
}

/* Runs @n_frames of a scene through a tracker, with or without signatures;
 * @place (frame, person, &box, &look) says where each of up to 2 people is
 * (FALSE: hidden).  Returns the ids per frame and person in @ids. */
typedef gboolean (*PlaceFunc) (guint f, guint person, WfRect * box,
    const Look ** look);

static void
run_scene (PlaceFunc place, guint n_frames, gboolean with_looks,
    guint64 (*ids)[2])
{
  g_autoptr (WfTracker) t = wf_tracker_new (NULL);
  g_autofree guint8 *rgb = NULL;

  for (guint f = 0; f < n_frames; f++) {
    WfRect boxes[2];
    WfAppearance apps[2];
    guint who[2], n = 0;
    guint64 out[2];
    WfImage img;

    g_free (rgb);
    rgb = frame_new ();
    ids[f][0] = ids[f][1] = 0;
    for (guint p = 0; p < 2; p++) {
      const Look *look;
      if (!place (f, p, &boxes[n], &look))
        continue;
      draw_person (rgb, &boxes[n], look, 1.0);
      who[n++] = p;
    }
    img = rgb_image (rgb);
    for (guint k = 0; k < n; k++)
      wf_appearance_compute (&img, &boxes[k], &apps[k]);
    wf_tracker_update_appearance (t, boxes, with_looks ? apps : NULL, n, out);
    for (guint k = 0; k < n; k++)
      ids[f][who[k]] = out[k];
  }
}

/* Two people walk towards each other (8 px a frame), are hidden for 3
 * frames where they meet, and come back on the sides they came from: the
 * motion predicts that each went on, nearer the other's place than their
 * own. */
static gboolean
turn_back (guint f, guint person, WfRect * box, const Look ** look)
{
  gdouble dir = person == 0 ? 1.0 : -1.0;
  gdouble start = person == 0 ? 180.0 : 460.0, x;

  *look = person == 0 ? &RED_BLUE : &GREEN_GREY;
  if (f >= 15 && f < 18)
    return FALSE;
  /* to 292 (348) at frame 14, then back from frame 18 */
  x = f < 15 ? start + dir * 8.0 * f : start + dir * 8.0 * (31.0 - f);
  *box = box_at (x, 240);
  return TRUE;
}

static void
test_turn_back (void)
{
  guint64 plain[30][2], looks[30][2];

  run_scene (turn_back, 30, FALSE, plain);
  run_scene (turn_back, 30, TRUE, looks);
  /* motion alone swaps them (or loses them): the case is a real one */
  g_assert_false (plain[29][0] == plain[0][0] && plain[29][1] == plain[0][1]);
  for (guint f = 0; f < 30; f++) {
    if (f >= 15 && f < 18)
      continue;
    g_assert_cmpuint (looks[f][0], ==, looks[0][0]);
    g_assert_cmpuint (looks[f][1], ==, looks[0][1]);
  }
  g_assert_cmpuint (looks[0][0], !=, looks[0][1]);
}

/* One person stands still for 20 frames; between two frames another takes
 * their place (a desk, a queue).  Motion alone hands the newcomer the
 * track; with looks the newcomer gets a track of their own. */
static gboolean
replaced (guint f, guint person, WfRect * box, const Look ** look)
{
  if (person == 1)
    return FALSE;
  *look = f < 20 ? &RED_BLUE : &YELLOW_BLACK;
  *box = box_at (320 + (f % 2), 240);
  return TRUE;
}

static void
test_replaced_in_place (void)
{
  guint64 plain[40][2], looks[40][2];

  run_scene (replaced, 40, FALSE, plain);
  run_scene (replaced, 40, TRUE, looks);
  g_assert_cmpuint (plain[39][0], ==, plain[0][0]);
  g_assert_cmpuint (looks[19][0], ==, looks[0][0]);
  g_assert_cmpuint (looks[20][0], !=, looks[0][0]);
  for (guint f = 20; f < 40; f++)
    g_assert_cmpuint (looks[f][0], ==, looks[20][0]);
}

/* The light dims by a third over 60 frames while a person walks: the look
 * follows, the id stays. */
static void
test_light_change (void)
{
  g_autoptr (WfTracker) t = wf_tracker_new (NULL);
  g_autofree guint8 *rgb = NULL;
  guint64 first = 0;

  for (guint f = 0; f < 60; f++) {
    WfRect box = box_at (100 + 4 * f, 240);
    WfAppearance app;
    guint64 id;
    WfImage img;

    g_free (rgb);
    rgb = frame_new ();
    draw_person (rgb, &box, &RED_BLUE, 1.0 - f / 180.0);
    img = rgb_image (rgb);
    wf_appearance_compute (&img, &box, &app);
    wf_tracker_update_appearance (t, &box, &app, 1, &id);
    if (f == 0)
      first = id;
    g_assert_cmpuint (id, ==, first);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/appearance/signature", test_signature);
  g_test_add_func ("/appearance/formats-agree", test_formats_agree);
  g_test_add_func ("/appearance/bad-boxes", test_bad_boxes);
  g_test_add_func ("/appearance/tracker/turn-back", test_turn_back);
  g_test_add_func ("/appearance/tracker/replaced-in-place",
      test_replaced_in_place);
  g_test_add_func ("/appearance/tracker/light-change", test_light_change);
  return g_test_run ();
}
