/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-demo.h"
#include "wf-model-path.h"

#include <glib/gstdio.h>

#define DEMO_VIDEO "demo.mkv"

struct _WfDemo
{
  GObject parent;

  gchar *video;
  gchar *dir;                   /* private temporary folder */
  gpointer gallery;
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

  wf_config_set_database (cfg, db);
  wf_config_set_gallery (cfg, gallery);
  cam->uri = g_filename_to_uri (self->video, NULL, NULL);
  cam->loop = TRUE;
  wf_config_add_camera (cfg, cam);
}

gpointer
wf_demo_get_gallery (WfDemo * self)
{
  return self->gallery;
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
