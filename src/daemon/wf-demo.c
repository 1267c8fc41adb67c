/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-demo.h"
#include "wf-model-path.h"
#include "wf-enrol.h"

#include <glib/gstdio.h>

#define DEMO_VIDEO "demo.mkv"

struct _WfDemo
{
  GObject parent;

  gchar *video;
  gchar *dir;                   /* private temporary folder */
};

G_DEFINE_TYPE (WfDemo, wf_demo, G_TYPE_OBJECT);

WfDemo *
wf_demo_new (GError ** error)
{
  g_autoptr (WfDemo) self = g_object_new (WF_TYPE_DEMO, NULL);

  self->video = wf_model_path_find (DEMO_VIDEO, error);
  if (!self->video) {
    g_prefix_error (error, "the demo video is built with the project "
        "(ninja -C build) from the npm package's photos "
        "(./models/fetch.sh): ");
    return NULL;
  }
  self->dir = g_dir_make_tmp ("workforce-monitor-demo-XXXXXX", error);
  if (!self->dir)
    return NULL;
  return g_steal_pointer (&self);
}

void
wf_demo_configure (WfDemo * self, WfConfig * cfg)
{
  g_autoptr (WfCameraConfig) cam = wf_camera_config_new ("demo");
  g_autofree gchar *db = g_build_filename (self->dir, "results.db", NULL);
  g_autofree gchar *gallery = g_build_filename (self->dir, "gallery.db",
      NULL);
  g_autofree gchar *abs = g_canonicalize_filename (self->video, NULL);

  wf_config_set_database (cfg, db);
  wf_config_set_gallery (cfg, gallery);
  cam->uri = g_filename_to_uri (abs, NULL, NULL);
  cam->loop = TRUE;
  /* the whole frame as one room, a door down the middle */
  cam->zones = g_strdup ("room=0,0 1,0 1,1 0,1");
  cam->lines = g_strdup ("door=0.5,0 0.5,1");
  wf_config_add_camera (cfg, cam);
}

/* The npm package's sample photos: installed beside the models
 * (pkgdatadir/models/demo-photos, what an image or package has), else where
 * the build found the package (an uninstalled build tree). */
static gchar *
demo_photo (const gchar * name)
{
  g_autofree gchar *rel = g_build_filename ("demo-photos", name, NULL);
  gchar *path = wf_model_path_find (rel, NULL);

  return path ? path : g_build_filename (WF_FACE_API_DIR, "demo", name, NULL);
}

void
wf_demo_enrol (WfDemo * self, WfGallery * gallery,
    GCancellable * cancellable)
{
  g_autoptr (WfEnrolSession) session = NULL;
  g_autoptr (GError) err = NULL;
  guint person = 0;

  g_autofree gchar *dir = NULL;

  session = wf_enrol_session_new (&err);
  if (!session) {
#if WF_HAVE_ENROL
    g_warning ("demo: nobody enrolled, so no recognition and no attendance: "
        "%s", err->message);
#else
    g_message ("demo: this build does not recognise people (no dlib): "
        "occupancy only (%s)", err->message);
#endif
    return;
  }
  for (guint i = 1; i <= 6; i++) {
    g_autofree gchar *name = g_strdup_printf ("sample%u.jpg", i);
    g_autofree gchar *path = demo_photo (name);
    g_autofree gchar *data = NULL;
    g_autofree gchar *id = NULL;
    g_autofree gchar *who = NULL;
    gfloat desc[WF_DESCRIPTOR_DIM];
    WfEnrolSample sample = { 0 };
    gsize len;

    if (g_cancellable_is_cancelled (cancellable)) {
      g_message ("demo: enrolment stopped by shutdown");
      return;
    }
    g_clear_error (&err);
    if (!g_file_get_contents (path, &data, &len, &err) ||
        !wf_enrol_describe (session, (const guint8 *) data, len, desc,
            &sample.box, &err)) {
      g_warning ("demo: %s not enrolled: %s", path, err->message);
      continue;
    }
    g_free (dir);
    dir = g_path_get_dirname (path);
    person++;
    id = g_strdup_printf ("demo-%u", person);
    who = g_strdup_printf ("Demo Person %u", person);
    sample.descriptor = desc;
    sample.source = name;
    sample.detector = "hog";
    if (!wf_gallery_enroll (gallery, id, who, &sample, 1, &err))
      g_warning ("demo: %s: %s", who, err->message);
  }
  if (person == 0)
    g_warning ("demo: nobody enrolled, so no recognition and no attendance");
  else
    g_message ("demo: %u people enrolled from %s", person, dir);
}

static void
remove_tree (const gchar * dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    g_autofree gchar *p = g_build_filename (dir, name, NULL);
    g_unlink (p);
  }
  g_rmdir (dir);
}

static void
wf_demo_finalize (GObject * object)
{
  WfDemo *self = WF_DEMO (object);

  if (self->dir)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->video);
  G_OBJECT_CLASS (wf_demo_parent_class)->finalize (object);
}

static void
wf_demo_class_init (WfDemoClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_demo_finalize;
}

static void
wf_demo_init (WfDemo * self)
{
}
