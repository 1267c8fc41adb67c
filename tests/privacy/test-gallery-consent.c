/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Consent in the gallery (issue 18.3), with synthetic descriptors: an
 * employee without consent is never named by a search, not even as the
 * nearest of an unknown face, and is seen again once consent is given;
 * another connection to the same file sees the change; bad notes and
 * dates are refused with nothing changed; the export's descriptor list
 * holds metadata only.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "wf-gallery.h"

static void
make_descriptor (gfloat * d, guint person, guint variant)
{
  GRand *r = g_rand_new_with_seed (7000 + person);
  gdouble norm = 0;

  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    d[i] = g_rand_double_range (r, -1, 1) + (variant ? 0.01 * variant : 0);
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    norm += d[i] * d[i];
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    d[i] /= sqrt (norm);
  g_rand_free (r);
}

static void
enrol (WfGallery * g, const gchar * id, guint person,
    const WfGalleryConsent * c)
{
  gfloat d[WF_DESCRIPTOR_DIM];
  WfEnrolSample s = {.descriptor = d,.source = "a.jpg",.detector = "hog",
    .box = {1, 2, 3, 4}
  };
  GError *err = NULL;

  make_descriptor (d, person, 0);
  g_assert_true (wf_gallery_enroll_with_consent (g, id, id, c, &s, 1, &err));
  g_assert_no_error (err);
}

static gchar *
tmp_gallery (void)
{
  gchar *dir = g_dir_make_tmp ("wf-consent-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "gallery.db", NULL);

  g_free (dir);
  return path;
}

static void
remove_gallery (gchar * path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  const gchar *suffix[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffix); i++) {
    g_autofree gchar *p = g_strconcat (path, suffix[i], NULL);
    g_unlink (p);
  }
  g_rmdir (dir);
  g_free (path);
}

static void
search (WfGallery * g, guint person, WfMatch * m)
{
  gfloat d[WF_DESCRIPTOR_DIM];
  GError *err = NULL;

  make_descriptor (d, person, 1);
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, m, &err));
  g_assert_no_error (err);
}

static void
test_not_consented_is_never_named (void)
{
  gchar *path = tmp_gallery ();
  WfGalleryConsent no = { FALSE, 1700000000, "form 12: refused" };
  WfGalleryConsent yes = { TRUE, 0, "form 12b" };
  g_autoptr (WfGallery) g = NULL;
  g_autoptr (WfGallery) other = NULL;
  GError *err = NULL;
  WfEmployee e;
  WfMatch m;
  gdouble dist;

  g = wf_gallery_open (path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  enrol (g, "alice", 1, NULL);
  enrol (g, "bob", 2, &no);

  /* bob's own face: unknown, and he is not even the nearest */
  search (g, 2, &m);
  g_assert_false (m.known);
  g_assert_null (m.employee_id);
  g_assert_cmpstr (m.nearest_id, !=, "bob");
  wf_match_clear (&m);
  g_assert_true (wf_gallery_employee_distance (g, (gfloat[WF_DESCRIPTOR_DIM]) {
          0}, "bob", &dist, &err));
  g_assert_cmpfloat (dist, ==, G_MAXDOUBLE);
  search (g, 1, &m);
  g_assert_true (m.known);
  g_assert_cmpstr (m.employee_id, ==, "alice");
  wf_match_clear (&m);

  /* recorded as stated; alice's consent as implied by enrolment */
  g_assert_true (wf_gallery_get_employee (g, "bob", &e, &err));
  g_assert_false (e.consent);
  g_assert_cmpint (e.consent_date, ==, 1700000000);
  g_assert_cmpstr (e.consent_note, ==, "form 12: refused");
  wf_employee_clear (&e);
  g_assert_true (wf_gallery_get_employee (g, "alice", &e, &err));
  g_assert_true (e.consent);
  g_assert_cmpstr (e.consent_note, ==, WF_GALLERY_CONSENT_NOTE_IMPLIED);
  g_assert_cmpint (e.consent_date, >, 0);
  wf_employee_clear (&e);

  /* another connection (a facematch element) sees consent given */
  other = wf_gallery_open (path, WF_GALLERY_OPEN_READ_ONLY, &err);
  g_assert_no_error (err);
  search (other, 2, &m);
  g_assert_false (m.known);
  wf_match_clear (&m);
  g_assert_true (wf_gallery_set_consent (g, "bob", &yes, &err));
  search (other, 2, &m);
  g_assert_true (m.known);
  g_assert_cmpstr (m.employee_id, ==, "bob");
  wf_match_clear (&m);
  /* ... and withdrawn */
  no.date = 0;
  g_assert_true (wf_gallery_set_consent (g, "bob", &no, &err));
  search (other, 2, &m);
  g_assert_false (m.known);
  g_assert_cmpstr (m.nearest_id, !=, "bob");
  wf_match_clear (&m);

  g_clear_object (&other);
  g_clear_object (&g);
  remove_gallery (path);
}

static void
test_bad_statements (void)
{
  gchar *path = tmp_gallery ();
  g_autoptr (WfGallery) g = NULL;
  g_autofree gchar *long_note = g_strnfill (WF_GALLERY_CONSENT_NOTE_MAX + 1,
      'x');
  WfGalleryConsent c = { TRUE, 0, NULL };
  gfloat d[WF_DESCRIPTOR_DIM];
  WfEnrolSample s = {.descriptor = d };
  GError *err = NULL;
  WfEmployee e;

  make_descriptor (d, 3, 0);
  g = wf_gallery_open (path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);

  c.note = long_note;
  g_assert_false (wf_gallery_enroll_with_consent (g, "carol", "Carol", &c,
          &s, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
  c.note = "bell\a";
  g_assert_false (wf_gallery_enroll_with_consent (g, "carol", "Carol", &c,
          &s, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_assert_nonnull (strstr (err->message, "control"));
  g_clear_error (&err);
  c.note = "\xff\xfe";
  g_assert_false (wf_gallery_enroll_with_consent (g, "carol", "Carol", &c,
          &s, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
  c.note = NULL;
  c.date = -5;
  g_assert_false (wf_gallery_enroll_with_consent (g, "carol", "Carol", &c,
          &s, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
  /* nothing was enrolled */
  g_assert_false (wf_gallery_get_employee (g, "carol", &e, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND);
  g_clear_error (&err);

  /* a change to a missing employee, and a bad change: nothing changed */
  c.date = 0;
  g_assert_false (wf_gallery_set_consent (g, "nobody", &c, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND);
  g_clear_error (&err);
  c.note = "multi\nline\tnote";
  g_assert_true (wf_gallery_enroll_with_consent (g, "carol", "Carol", &c,
          &s, 1, &err));
  c.given = FALSE;
  c.note = long_note;
  g_assert_false (wf_gallery_set_consent (g, "carol", &c, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
  g_assert_true (wf_gallery_get_employee (g, "carol", &e, &err));
  g_assert_true (e.consent);
  g_assert_cmpstr (e.consent_note, ==, "multi\nline\tnote");
  wf_employee_clear (&e);

  g_clear_object (&g);
  remove_gallery (path);
}

static void
test_descriptor_metadata (void)
{
  gchar *path = tmp_gallery ();
  g_autoptr (WfGallery) g = NULL;
  g_autoptr (GArray) list = NULL;
  GError *err = NULL;
  WfDescriptorInfo *d;

  g = wf_gallery_open (path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  enrol (g, "dora", 4, NULL);
  list = wf_gallery_list_descriptors (g, "dora", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (list->len, ==, 1);
  d = &g_array_index (list, WfDescriptorInfo, 0);
  g_assert_cmpstr (d->source, ==, "a.jpg");
  g_assert_cmpstr (d->detector, ==, "hog");
  g_assert_cmpfloat (d->box.w, ==, 3);
  g_assert_false (d->has_photo);
  g_clear_pointer (&list, g_array_unref);
  list = wf_gallery_list_descriptors (g, "nobody", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (list->len, ==, 0);

  g_clear_object (&g);
  remove_gallery (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gallery-consent/never-named",
      test_not_consented_is_never_named);
  g_test_add_func ("/gallery-consent/bad-statements", test_bad_statements);
  g_test_add_func ("/gallery-consent/descriptor-metadata",
      test_descriptor_metadata);
  return g_test_run ();
}
