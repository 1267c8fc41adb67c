/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin enroll and identify: faces found and described in
 * photos, through the same routine as the daemon's API (wf-face-find.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <json-glib/json-glib.h>
#include <sysexits.h>
#include <unistd.h>

#include "wf-admin.h"
#include "wf-gallery.h"
#include "wf-image-file.h"
#if WF_HAVE_FACE_TOOLS
#include "wf-detector.h"
#include "wf-face-find.h"
#include "wf-recognizer.h"
#endif

#if WF_HAVE_FACE_TOOLS

typedef struct {
  WfDetector *detector;
  WfRecognizer *recognizer;
  WfDetectParams params;
} Analyser;

static void
analyser_clear (Analyser * a)
{
  g_clear_pointer (&a->detector, wf_detector_free);
  g_clear_pointer (&a->recognizer, wf_recognizer_free);
}

/* The options enroll and identify share: how faces are found and
 * described. */
typedef struct {
  gchar *detector;
  gchar *resnet;
  gchar *landmarks;
  gint upsample;
} AnalyserOptions;

static void
analyser_options_add (AnalyserOptions * o, GOptionContext * ctx)
{
  const GOptionEntry entries[] = {
    {"detector", 0, 0, G_OPTION_ARG_STRING, &o->detector,
        "Face detector backend (default hog)", "BACKEND"},
    {"upsample", 0, 0, G_OPTION_ARG_INT, &o->upsample,
        "Pyramid-up steps for small faces (default 1)", "N"},
    {"model", 0, 0, G_OPTION_ARG_FILENAME, &o->resnet,
        "Face recognition model (dlib ResNet)", "FILE"},
    {"landmarks", 0, 0, G_OPTION_ARG_FILENAME, &o->landmarks,
        "Landmark model (dlib 68-point shape predictor)", "FILE"},
    {NULL}
  };

  o->upsample = 1;
  /* GLib copies the entries; the pointers into @o stay valid. */
  g_option_context_add_main_entries (ctx, entries, NULL);
}

static void
analyser_options_clear (AnalyserOptions * o)
{
  g_clear_pointer (&o->detector, g_free);
  g_clear_pointer (&o->resnet, g_free);
  g_clear_pointer (&o->landmarks, g_free);
}

/* Returns -1 when @o is valid, else the usage error's exit code (taking
 * @ctx for the message). */
static int
analyser_options_check (const AnalyserOptions * o, GOptionContext ** ctx)
{
  if (o->upsample < 0 || o->upsample > 2)
    return wf_admin_usage_error (g_steal_pointer (ctx), "--upsample must be 0, 1 "
        "or 2");
  return -1;
}

/* Loads the models; returns -1 on success or the exit code. */
static int
analyser_init (Analyser * a, const AnalyserOptions * o)
{
  WfDetectorBackend backend = WF_DETECTOR_HOG;
  GError *err = NULL;

  if (o->detector && !wf_detector_backend_from_name (o->detector,
          &backend)) {
    g_printerr ("%s: unknown detector '%s'\n", g_get_prgname (),
        o->detector);
    return EX_USAGE;
  }
  a->detector = wf_detector_new (backend, NULL, &err);
  if (a->detector == NULL)
    return wf_admin_report (err, EX_UNAVAILABLE);
  a->recognizer = wf_recognizer_new (o->resnet, o->landmarks, &err);
  if (a->recognizer == NULL)
    return wf_admin_report (err, EX_UNAVAILABLE);
  wf_face_find_params_init (&a->params, o->upsample);
  return -1;
}

typedef struct {
  gchar *source;
  WfRect box;
  gfloat descriptor[WF_DESCRIPTOR_DIM];
  WfImageFile *img;             /* kept only with --store-photos */
} EnrolItem;

static void
enrol_item_clear (EnrolItem * it)
{
  g_free (it->source);
  wf_image_file_free (it->img);
}

/* One line per photo on long enrolments; on a terminal the line is
 * rewritten in place while a photo is being worked on. */
static void
progress (guint i, guint n, const gchar * path, const gchar * what,
    gboolean done)
{
  static gint tty = -1;

  if (wf_admin_quiet || n < 2)
    return;
  if (tty < 0)
    tty = isatty (STDERR_FILENO);
  if (tty)
    g_printerr ("\r\033[K%s: [%u/%u] %s: %s%s", g_get_prgname (), i + 1, n,
        path, what, done ? "\n" : "");
  else if (done)
    g_printerr ("%s: [%u/%u] %s: %s\n", g_get_prgname (), i + 1, n, path,
        what);
}

int
wf_admin_cmd_enroll (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *name = NULL;
  gchar *consent = NULL, *consent_note = NULL, *site_uri = NULL;
  WfGalleryConsent statement = { TRUE, 0, NULL };
  gboolean largest = FALSE, photos = FALSE;
  AnalyserOptions ao = { 0 };
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db,
        "Gallery database (created when absent)", "DB"},
    {"id", 'i', 0, G_OPTION_ARG_STRING, &id, "New employee id", "ID"},
    {"name", 'n', 0, G_OPTION_ARG_STRING, &name, "Employee name", "NAME"},
    {"largest", 'l', 0, G_OPTION_ARG_NONE, &largest,
        "Use the largest face of photos showing several", NULL},
    {"store-photos", 0, 0, G_OPTION_ARG_NONE, &photos,
        "Also store the photos in the database (default: descriptors only)",
        NULL},
    {"consent", 0, 0, G_OPTION_ARG_STRING, &consent,
        "yes or no: consent to being identified (default: yes, recorded as "
          "not stated)", "yes|no"},
    {"consent-note", 0, 0, G_OPTION_ARG_STRING, &consent_note,
        "Consent note (form number, ...)", "NOTE"},
    WF_ADMIN_SITE_OPTION (site_uri),
    {NULL}
  };
  gchar **required[] = { &db, &id, &name, NULL };
  GOptionContext *ctx =
      g_option_context_new ("IMAGE... - enroll a new employee");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree WfEnrolSample *samples = NULL;
  Analyser a = { 0 };
  WfAdminSite *site = NULL;
  gboolean exists = FALSE;
  guint n_images, n_bad = 0;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  analyser_options_add (&ao, ctx);
  g_option_context_set_description (ctx, "Every photo must show exactly one "
      "face (or use --largest).  Photos with no face, several faces, or that "
      "are not complete JPEG/PNG images are named and nothing is enrolled.  "
      "The enrolment is one transaction: interrupted, it leaves the gallery "
      "as it was.  With --site the employee is the site's (an id the site "
      "has is refused); without it, a node writes the new employee to the "
      "site at its next start.");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db, --id and --name are required", "IMAGE")) >= 0)
    goto out;
  if (*id == '\0' || *name == '\0') {
    rc = wf_admin_usage_error (g_steal_pointer (&ctx), "--id and --name must "
        "not be empty");
    goto out;
  }
  if (consent && g_strcmp0 (consent, "yes") && g_strcmp0 (consent, "no")) {
    rc = wf_admin_usage_error (g_steal_pointer (&ctx), "--consent must be yes or "
        "no");
    goto out;
  }
  if (consent_note && !consent) {
    rc = wf_admin_usage_error (g_steal_pointer (&ctx), "--consent-note needs "
        "--consent");
    goto out;
  }
  statement.given = g_strcmp0 (consent, "no") != 0;
  statement.note = consent_note;
  if ((rc = analyser_options_check (&ao, &ctx)) >= 0)
    goto out;
  n_images = argc - 1;

  /* An existing gallery is checked (and a duplicate refused) before minutes
   * of work; a new one is only created once every photo passed, unless it
   * is to be the site's copy, which the duplicate check needs first. */
  if (site_uri || g_file_test (db, G_FILE_TEST_EXISTS)) {
    if ((rc = wf_admin_open_gallery (db, site_uri ? WF_GALLERY_OPEN_CREATE :
                WF_GALLERY_OPEN_DEFAULT, &gallery)) >= 0 ||
        (rc = wf_admin_site_join (site_uri, gallery, &site)) >= 0)
      goto out;
  }
  if (gallery && !wf_gallery_has_employee (gallery, id, &exists, &err)) {
    rc = wf_admin_report (err, wf_admin_gallery_exit_code (err));
    goto out;
  }
  if (exists) {
    g_printerr ("%s: employee id '%s' is already enrolled in %s (remove it "
        "first, or choose another id)\n", g_get_prgname (), id, db);
    rc = EX_DATAERR;
    goto out;
  }

  if ((rc = analyser_init (&a, &ao)) >= 0)
    goto out;

  items = g_array_new (FALSE, TRUE, sizeof (EnrolItem));
  g_array_set_clear_func (items, (GDestroyNotify) enrol_item_clear);
  for (guint i = 0; i < n_images; i++) {
    const gchar *path = argv[i + 1];
    g_autoptr (WfImageFile) img = NULL;
    EnrolItem it = { 0 };

    progress (i, n_images, path, "reading", FALSE);
    img = wf_image_file_load (path, &err);
    if (img == NULL) {
      progress (i, n_images, path, "refused", TRUE);
      g_printerr ("%s: %s\n", g_get_prgname (), err->message);
      if (err->domain == G_FILE_ERROR && rc < 0)
        rc = EX_NOINPUT;
      g_clear_error (&err);
      n_bad++;
      continue;
    }
    /* the daemon's API enrols through the same routine */
    progress (i, n_images, path, "descriptor", FALSE);
    if (!wf_face_find_describe (a.detector, a.recognizer, &a.params, img,
            path, largest, it.descriptor, &it.box, &err)) {
      progress (i, n_images, path, "refused", TRUE);
      g_printerr ("%s: %s%s\n", g_get_prgname (), err->message,
          g_error_matches (err, WF_FACE_FIND_ERROR,
              WF_FACE_FIND_ERROR_SEVERAL) ? ", or --largest" : "");
      g_clear_error (&err);
      n_bad++;
      continue;
    }
    progress (i, n_images, path, "ok", TRUE);
    it.source = g_path_get_basename (path);
    if (photos)
      it.img = g_steal_pointer (&img);
    g_array_append_val (items, it);
  }

  if (n_bad > 0) {
    g_printerr ("%s: %u of %u photo%s refused; nothing enrolled\n",
        g_get_prgname (), n_bad, n_images, n_images == 1 ? "" : "s");
    if (rc < 0)
      rc = EX_DATAERR;
    goto out;
  }

  samples = g_new0 (WfEnrolSample, items->len);
  for (guint i = 0; i < items->len; i++) {
    EnrolItem *it = &g_array_index (items, EnrolItem, i);
    samples[i].descriptor = it->descriptor;
    samples[i].source = it->source;
    samples[i].detector =
        wf_detector_backend_name (wf_detector_get_backend (a.detector));
    samples[i].box = it->box;
    if (it->img) {
      samples[i].photo = g_bytes_get_data (it->img->file,
          &samples[i].photo_size);
      samples[i].photo_type = it->img->mime;
    }
  }
  if (gallery == NULL) {
    gallery = wf_gallery_open (db, WF_GALLERY_OPEN_CREATE, &err);
    if (gallery == NULL) {
      rc = wf_admin_report (err, g_error_matches (err, WF_GALLERY_ERROR,
              WF_GALLERY_ERROR_FAILED) ? EX_CANTCREAT :
          wf_admin_gallery_exit_code (err));
      goto out;
    }
  }
  if (!wf_gallery_enroll_with_consent (gallery, id, name, consent ?
          &statement : NULL, samples, items->len, &err)) {
    rc = wf_admin_report (err, wf_admin_gallery_exit_code (err));
    goto out;
  }
  if (!wf_admin_quiet)
    g_printerr ("%s: enrolled '%s' (%s) with %u face descriptor%s\n",
        g_get_prgname (), id, name, items->len, items->len == 1 ? "" : "s");
  rc = EX_OK;

out:
  rc = wf_admin_site_leave (site, rc, "a node on this gallery file writes "
      "it at its next start");
  analyser_clear (&a);
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (name);
  g_free (consent);
  g_free (consent_note);
  g_free (site_uri);
  analyser_options_clear (&ao);
  return rc;
}

static void
print_match (const gchar * image, const WfRect * box, const WfMatch * m)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, image);
  json_builder_set_member_name (b, "box");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "x");
  json_builder_add_int_value (b, (gint64) box->x);
  json_builder_set_member_name (b, "y");
  json_builder_add_int_value (b, (gint64) box->y);
  json_builder_set_member_name (b, "w");
  json_builder_add_int_value (b, (gint64) box->w);
  json_builder_set_member_name (b, "h");
  json_builder_add_int_value (b, (gint64) box->h);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "employee_id");
  if (m->employee_id)
    json_builder_add_string_value (b, m->employee_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name");
  if (m->name)
    json_builder_add_string_value (b, m->name);
  else
    json_builder_add_null_value (b);
  /* distance to the nearest employee, known or not; null: empty gallery */
  json_builder_set_member_name (b, "distance");
  if (m->nearest_id)
    json_builder_add_double_value (b, m->distance);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "nearest_id");
  if (m->nearest_id)
    json_builder_add_string_value (b, m->nearest_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "known");
  json_builder_add_boolean_value (b, m->known);
  json_builder_end_object (b);

  wf_admin_print_json_line (b);
}

int
wf_admin_cmd_identify (int argc, char **argv)
{
  gchar *db = NULL;
  gdouble threshold = WF_GALLERY_DEFAULT_THRESHOLD;
  gdouble margin = WF_GALLERY_DEFAULT_MARGIN;
  AnalyserOptions ao = { 0 };
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold,
        "Largest distance to accept a match (default 0.55)", "T"},
    {"margin", 'm', 0, G_OPTION_ARG_DOUBLE, &margin,
        "Smallest gap between the two nearest employees (default 0.05)", "M"},
    {NULL}
  };
  gchar **required[] = { &db, NULL };
  GOptionContext *ctx =
      g_option_context_new ("IMAGE... - name the faces in images");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) faces = NULL;
  Analyser a = { 0 };
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  analyser_options_add (&ao, ctx);
  g_option_context_set_description (ctx, "Prints one JSON object per face "
      "found: {\"image\", \"box\": {x, y, w, h} in pixels, \"employee_id\" "
      "and \"name\" (null when unknown), \"distance\" to the nearest "
      "employee, \"nearest_id\", \"known\"}.  A face is unknown when the "
      "nearest employee is further than the threshold, or when the second "
      "nearest is within the margin of it.");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db is required", "IMAGE")) >= 0)
    goto out;
  if (!(threshold > 0 && threshold <= 2) || !(margin >= 0 && margin < 2)) {
    rc = wf_admin_usage_error (g_steal_pointer (&ctx), "--threshold must be "
        "in (0, 2] and --margin in [0, 2)");
    goto out;
  }
  if ((rc = analyser_options_check (&ao, &ctx)) >= 0)
    goto out;

  if ((rc = wf_admin_open_gallery (db, WF_GALLERY_OPEN_READ_ONLY,
              &gallery)) >= 0)
    goto out;
  if ((rc = analyser_init (&a, &ao)) >= 0)
    goto out;

  faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  rc = EX_OK;
  for (gint i = 1; i < argc; i++) {
    g_autoptr (WfImageFile) img = wf_image_file_load (argv[i], &err);
    g_autofree gfloat *desc = NULL;
    g_autofree WfRect *boxes = NULL;
    WfImage view;

    if (img == NULL) {
      g_printerr ("%s: %s\n", g_get_prgname (), err->message);
      if (rc == EX_OK)
        rc = err->domain == G_FILE_ERROR ? EX_NOINPUT : EX_DATAERR;
      g_clear_error (&err);
      continue;
    }
    g_array_set_size (faces, 0);
    wf_image_file_view (img, &view);
    if (!wf_face_find (a.detector, &a.params, img, faces, &err)) {
      rc = wf_admin_report (err, EX_SOFTWARE);
      goto out;
    }
    if (faces->len == 0) {
      if (!wf_admin_quiet)
        g_printerr ("%s: %s: no face found\n", g_get_prgname (), argv[i]);
      continue;
    }
    boxes = g_new (WfRect, faces->len);
    for (guint k = 0; k < faces->len; k++)
      boxes[k] = g_array_index (faces, WfFace, k).box;
    desc = g_new (gfloat, (gsize) faces->len * WF_DESCRIPTOR_DIM);
    if (!wf_recognizer_describe (a.recognizer, &view, boxes, faces->len, desc,
            &err)) {
      rc = wf_admin_report (err, EX_SOFTWARE);
      goto out;
    }
    for (guint k = 0; k < faces->len; k++) {
      WfMatch m;
      if (!wf_gallery_search (gallery, desc + (gsize) k * WF_DESCRIPTOR_DIM,
              threshold, margin, &m, &err)) {
        rc = wf_admin_report (err, wf_admin_gallery_exit_code (err));
        goto out;
      }
      print_match (argv[i], &boxes[k], &m);
      wf_match_clear (&m);
    }
  }

out:
  analyser_clear (&a);
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  analyser_options_clear (&ao);
  return rc;
}

#else /* !WF_HAVE_FACE_TOOLS */

int
wf_admin_cmd_enroll (int argc, char **argv)
{
  g_printerr ("%s: built without face detection and recognition (dlib)\n",
      g_get_prgname ());
  return EX_UNAVAILABLE;
}

int
wf_admin_cmd_identify (int argc, char **argv)
{
  g_printerr ("%s: built without face detection and recognition (dlib)\n",
      g_get_prgname ());
  return EX_UNAVAILABLE;
}

#endif
