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

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>

#include "wf-admin.h"
#include "wf-erasure.h"
#include "wf-gallery.h"
#include "wf-image-file.h"
#include "wf-store.h"
#if WF_HAVE_FACE_TOOLS
#include "wf-detector.h"
#include "wf-face-find.h"
#include "wf-recognizer.h"
#endif

typedef struct {
  const gchar *name;
  const gchar *summary;
  int (*run) (int argc, char **argv);
} Command;

gboolean wf_admin_quiet;
#define opt_quiet wf_admin_quiet
#define usage_error wf_admin_usage_error
#define parse_options wf_admin_parse_options
#define gallery_exit_code wf_admin_gallery_exit_code
#define report wf_admin_report

int
usage_error (GOptionContext * ctx, const gchar * fmt, ...)
{
  va_list ap;
  g_autofree gchar *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_printerr ("%s: %s\n", g_get_prgname (), msg);
  g_printerr ("Try '%s --help'.\n", g_get_prgname ());
  g_option_context_free (ctx);
  return EX_USAGE;
}

int
parse_options (GOptionContext * ctx, int *argc, char ***argv)
{
  GError *err = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &err)) {
    g_printerr ("%s: %s\n", g_get_prgname (), err->message);
    g_printerr ("Try '%s --help'.\n", g_get_prgname ());
    g_error_free (err);
    return EX_USAGE;
  }
  return -1;
}

int
gallery_exit_code (const GError * err)
{
  if (err->domain != WF_GALLERY_ERROR)
    return EX_IOERR;
  switch (err->code) {
    case WF_GALLERY_ERROR_NOT_FOUND:
      return EX_NOINPUT;
    case WF_GALLERY_ERROR_FOREIGN:
    case WF_GALLERY_ERROR_CORRUPT:
    case WF_GALLERY_ERROR_TOO_NEW:
    case WF_GALLERY_ERROR_DUPLICATE:
    case WF_GALLERY_ERROR_INVALID:
      return EX_DATAERR;
    case WF_GALLERY_ERROR_BUSY:
      return EX_TEMPFAIL;
    default:
      return EX_IOERR;
  }
}

int
report (GError * err, int code)
{
  g_printerr ("%s: %s\n", g_get_prgname (), err->message);
  g_error_free (err);
  return code;
}

gchar *
wf_admin_results_path (const gchar * db, const gchar * results, int *rc)
{
  g_autofree gchar *dir = NULL;
  gchar *path;

  if (results) {
    if (!g_file_test (results, G_FILE_TEST_IS_REGULAR)) {
      g_printerr ("%s: no results database %s\n", g_get_prgname (),
          results);
      *rc = EX_NOINPUT;
      return NULL;
    }
    return g_strdup (results);
  }
  /* The daemon's default layout keeps both in one state folder. */
  dir = g_path_get_dirname (db);
  path = g_build_filename (dir, "results.db", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

/* ---- list, remove ---- */

static int
cmd_list (int argc, char **argv)
{
  gchar *db = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per employee",
        NULL},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- list enrolled employees");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) list = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Prints id, name, number of face "
      "descriptors and enrolment date, one employee per line.");
  if ((rc = parse_options (ctx, &argc, &argv)) >= 0)
    goto out;
  if (db == NULL) {
    rc = usage_error (g_steal_pointer (&ctx), "--db is required");
    goto out;
  }
  if (argc > 1) {
    rc = usage_error (g_steal_pointer (&ctx), "unexpected argument "
        "'%s'", argv[1]);
    goto out;
  }

  gallery = wf_gallery_open (db, WF_GALLERY_OPEN_READ_ONLY, &err);
  if (gallery == NULL) {
    rc = report (err, gallery_exit_code (err));
    goto out;
  }
  list = wf_gallery_list (gallery, &err);
  if (list == NULL) {
    rc = report (err, gallery_exit_code (err));
    goto out;
  }
  for (guint i = 0; i < list->len; i++) {
    WfEmployee *e = &g_array_index (list, WfEmployee, i);
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (e->created);
    g_autofree gchar *date = g_date_time_format_iso8601 (dt);

    if (json) {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree gchar *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, e->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, e->name);
      json_builder_set_member_name (b, "descriptors");
      json_builder_add_int_value (b, e->n_descriptors);
      json_builder_set_member_name (b, "photos");
      json_builder_add_int_value (b, e->n_photos);
      json_builder_set_member_name (b, "created");
      json_builder_add_string_value (b, date);
      json_builder_set_member_name (b, "consent");
      json_builder_add_boolean_value (b, e->consent);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    } else {
      g_print ("%s\t%s\t%u descriptor%s\t%s\n", e->id, e->name,
          e->n_descriptors, e->n_descriptors == 1 ? "" : "s", date);
    }
  }
  rc = EX_OK;

out:
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  return rc;
}

static int
cmd_remove (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *results = NULL;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"id", 'i', 0, G_OPTION_ARG_STRING, &id, "Employee id", "ID"},
    {"results", 'r', 0, G_OPTION_ARG_FILENAME, &results,
        "workforce-monitor's results database (attendance, journal); "
          "default: results.db beside the gallery", "RESULTS"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- remove an employee");
  g_autoptr (WfGallery) gallery = NULL;
  g_autofree gchar *results_path = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Erases the employee with all face "
      "descriptors, photos and enrolment history (the freed space is "
      "overwritten), then their attendance and journal rows in the results "
      "database, as DELETE /api/v1/employees/ID does.  Exits with 67 when "
      "no such employee exists, 66 when --results names no file.");
  if ((rc = parse_options (ctx, &argc, &argv)) >= 0)
    goto out;
  if (db == NULL || id == NULL) {
    rc = usage_error (g_steal_pointer (&ctx), "--db and --id are "
        "required");
    goto out;
  }
  if (argc > 1) {
    rc = usage_error (g_steal_pointer (&ctx), "unexpected argument "
        "'%s'", argv[1]);
    goto out;
  }
  rc = EX_OK;
  results_path = wf_admin_results_path (db, results, &rc);
  if (rc != EX_OK) {
    g_printerr ("%s: nothing removed\n", g_get_prgname ());
    goto out;
  }
  gallery = wf_gallery_open (db, WF_GALLERY_OPEN_DEFAULT, &err);
  if (gallery == NULL) {
    rc = report (err, gallery_exit_code (err));
    goto out;
  }
  /* announced, gallery, history (wf-erasure.h): interrupted, the next
   * start of the daemon or the same command again finishes it */
  if (!wf_erasure_run (gallery, NULL, results_path, id, FALSE, &err)) {
    rc = report (err, g_error_matches (err, WF_GALLERY_ERROR,
            WF_GALLERY_ERROR_NOT_FOUND) ? EX_NOUSER : err->domain ==
        WF_GALLERY_ERROR ? gallery_exit_code (err) : EX_IOERR);
    goto out;
  }
  if (!opt_quiet) {
    if (results_path)
      g_printerr ("%s: removed employee '%s' with their attendance and "
          "journal rows (%s)\n", g_get_prgname (), id, results_path);
    else
      g_printerr ("%s: removed employee '%s'; no results database beside "
          "the gallery, give --results to erase their attendance and "
          "journal rows\n", g_get_prgname (), id);
  }
  rc = EX_OK;

out:
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (results);
  return rc;
}

/* ---- enroll, identify ---- */

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
    return usage_error (g_steal_pointer (ctx), "--upsample must be 0, 1 "
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
    return report (err, EX_UNAVAILABLE);
  a->recognizer = wf_recognizer_new (o->resnet, o->landmarks, &err);
  if (a->recognizer == NULL)
    return report (err, EX_UNAVAILABLE);
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

  if (opt_quiet || n < 2)
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

static int
cmd_enroll (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *name = NULL;
  gchar *consent = NULL, *consent_note = NULL;
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
    {NULL}
  };
  GOptionContext *ctx =
      g_option_context_new ("IMAGE... - enroll a new employee");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree WfEnrolSample *samples = NULL;
  Analyser a = { 0 };
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
      "as it was.");
  if ((rc = parse_options (ctx, &argc, &argv)) >= 0)
    goto out;
  if (db == NULL || id == NULL || name == NULL) {
    rc = usage_error (g_steal_pointer (&ctx), "--db, --id and --name "
        "are required");
    goto out;
  }
  if (*id == '\0' || *name == '\0') {
    rc = usage_error (g_steal_pointer (&ctx), "--id and --name must "
        "not be empty");
    goto out;
  }
  if (argc < 2) {
    rc = usage_error (g_steal_pointer (&ctx), "no IMAGE given");
    goto out;
  }
  if (consent && g_strcmp0 (consent, "yes") && g_strcmp0 (consent, "no")) {
    rc = usage_error (g_steal_pointer (&ctx), "--consent must be yes or "
        "no");
    goto out;
  }
  if (consent_note && !consent) {
    rc = usage_error (g_steal_pointer (&ctx), "--consent-note needs "
        "--consent");
    goto out;
  }
  statement.given = g_strcmp0 (consent, "no") != 0;
  statement.note = consent_note;
  if ((rc = analyser_options_check (&ao, &ctx)) >= 0)
    goto out;
  n_images = argc - 1;

  /* An existing gallery is checked (and a duplicate refused) before minutes
   * of work; a new one is only created once every photo passed. */
  if (g_file_test (db, G_FILE_TEST_EXISTS)) {
    gallery = wf_gallery_open (db, WF_GALLERY_OPEN_DEFAULT, &err);
    if (gallery == NULL) {
      rc = report (err, gallery_exit_code (err));
      goto out;
    }
  }
  if (gallery && !wf_gallery_has_employee (gallery, id, &exists, &err)) {
    rc = report (err, gallery_exit_code (err));
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
      rc = report (err, g_error_matches (err, WF_GALLERY_ERROR,
              WF_GALLERY_ERROR_FAILED) ? EX_CANTCREAT :
          gallery_exit_code (err));
      goto out;
    }
  }
  if (!wf_gallery_enroll_with_consent (gallery, id, name, consent ?
          &statement : NULL, samples, items->len, &err)) {
    rc = report (err, gallery_exit_code (err));
    goto out;
  }
  if (!opt_quiet)
    g_printerr ("%s: enrolled '%s' (%s) with %u face descriptor%s\n",
        g_get_prgname (), id, name, items->len, items->len == 1 ? "" : "s");
  rc = EX_OK;

out:
  analyser_clear (&a);
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (name);
  g_free (consent);
  g_free (consent_note);
  analyser_options_clear (&ao);
  return rc;
}

static void
print_match (const gchar * image, const WfRect * box, const WfMatch * m)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree gchar *text = NULL;

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

  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  g_print ("%s\n", text);
}

static int
cmd_identify (int argc, char **argv)
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
  if ((rc = parse_options (ctx, &argc, &argv)) >= 0)
    goto out;
  if (db == NULL) {
    rc = usage_error (g_steal_pointer (&ctx), "--db is required");
    goto out;
  }
  if (argc < 2) {
    rc = usage_error (g_steal_pointer (&ctx), "no IMAGE given");
    goto out;
  }
  if (!(threshold > 0 && threshold <= 2) || !(margin >= 0 && margin < 2)) {
    rc = usage_error (g_steal_pointer (&ctx), "--threshold must be "
        "in (0, 2] and --margin in [0, 2)");
    goto out;
  }
  if ((rc = analyser_options_check (&ao, &ctx)) >= 0)
    goto out;

  gallery = wf_gallery_open (db, WF_GALLERY_OPEN_READ_ONLY, &err);
  if (gallery == NULL) {
    rc = report (err, gallery_exit_code (err));
    goto out;
  }
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
      rc = report (err, EX_SOFTWARE);
      goto out;
    }
    if (faces->len == 0) {
      if (!opt_quiet)
        g_printerr ("%s: %s: no face found\n", g_get_prgname (), argv[i]);
      continue;
    }
    boxes = g_new (WfRect, faces->len);
    for (guint k = 0; k < faces->len; k++)
      boxes[k] = g_array_index (faces, WfFace, k).box;
    desc = g_new (gfloat, (gsize) faces->len * WF_DESCRIPTOR_DIM);
    if (!wf_recognizer_describe (a.recognizer, &view, boxes, faces->len, desc,
            &err)) {
      rc = report (err, EX_SOFTWARE);
      goto out;
    }
    for (guint k = 0; k < faces->len; k++) {
      WfMatch m;
      if (!wf_gallery_search (gallery, desc + (gsize) k * WF_DESCRIPTOR_DIM,
              threshold, margin, &m, &err)) {
        rc = report (err, gallery_exit_code (err));
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

static int
cmd_enroll (int argc, char **argv)
{
  g_printerr ("%s: built without face detection and recognition (dlib)\n",
      g_get_prgname ());
  return EX_UNAVAILABLE;
}

static int
cmd_identify (int argc, char **argv)
{
  g_printerr ("%s: built without face detection and recognition (dlib)\n",
      g_get_prgname ());
  return EX_UNAVAILABLE;
}

#endif

static const Command commands[] = {
  {"enroll", "Enroll a new employee from photos", cmd_enroll},
  {"list", "List enrolled employees", cmd_list},
  {"remove", "Remove an employee and all their data", cmd_remove},
  {"consent", "Record an employee's consent or its withdrawal",
      wf_admin_cmd_consent},
  {"export", "Everything held about an employee (JSON)",
      wf_admin_cmd_export},
  {"identify", "Name the faces in images (JSON lines)", cmd_identify},
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
      opt_quiet = TRUE;
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
