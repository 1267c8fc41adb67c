/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * workforce-monitor: cameras in, attendance and occupancy out, over REST.
 *
 *   workforce-monitor --config /etc/workforce-monitor/monitor.conf
 *   workforce-monitor --demo
 *
 * Exit codes follow sysexits.h: 64 usage, 66 missing input, 69 a needed
 * part is unavailable, 71 cannot listen, 73 cannot create the database,
 * 78 configuration refused.
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "wf-api.h"
#include "wf-camera-config.h"
#include "wf-config.h"
#include "wf-demo.h"
#include "wf-enrol.h"
#include "wf-erasure.h"
#include "wf-gallery.h"
#include "wf-memstats.h"
#include "wf-monitor.h"
#include "wf-pipeline.h"
#include "wf-privacy-config.h"
#include "wf-store.h"
#include "wf-store-uri.h"
#include "wf-uri.h"
#if WF_HAVE_MQTT
#include "wf-mqtt.h"
#endif
#if WF_HAVE_POSTGRESQL
#include "wf-gallery-sync.h"
#endif

#define SHUTDOWN_LIMIT_US (4500 * 1000)
/* What the end of the shutdown needs after the demo enrolment's wait. */
#define ENROL_MARGIN_US (400 * 1000)
/* What the MQTT publisher may take at shutdown to send what is queued. */
#define MQTT_FLUSH_MS 1000

static GMainLoop *loop;
static gint64 shutdown_deadline;
static gint enrol_done;         /* atomic */

/* The process's start in g_get_monotonic_time () units, from
 * /proc/self/stat, so that start-up timings include loading the libraries. */
static gint64
process_start_monotonic (void)
{
  g_autofree gchar *stat = NULL;
  struct timespec boot;
  gint64 now = g_get_monotonic_time ();
  const gchar *p;
  guint64 ticks;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return now;
  p = strrchr (stat, ')');
  if (!p)
    return now;
  /* field 22, starttime; the comm field (2) may hold spaces, hence ')' */
  for (guint field = 2; field < 22 && p; field++)
    p = strchr (p + 1, ' ');
  if (!p)
    return now;
  ticks = g_ascii_strtoull (p + 1, NULL, 10);
  return now - ((boot.tv_sec * G_GINT64_CONSTANT (1000000) +
          boot.tv_nsec / 1000) - (gint64) (ticks * 1000000 /
          sysconf (_SC_CLK_TCK)));
}

static gpointer
shutdown_watchdog (gpointer data)
{
  while (g_get_monotonic_time () < shutdown_deadline)
    g_usleep (50 * 1000);
  g_printerr ("workforce-monitor: shutdown took longer than %.1f s, "
      "exiting without finishing it\n", SHUTDOWN_LIMIT_US / 1e6);
  _exit (EX_SOFTWARE);
  return NULL;
}

static gboolean
on_signal (gpointer data)
{
  const gchar *name = data;

  g_message ("%s received, stopping", name);
  if (shutdown_deadline == 0) {
    shutdown_deadline = g_get_monotonic_time () + SHUTDOWN_LIMIT_US;
    g_thread_unref (g_thread_new ("wf-shutdown", shutdown_watchdog, NULL));
  }
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static gchar *
random_token (void)
{
  guint8 raw[24];
  gsize got = 0;

  while (got < sizeof (raw)) {
    ssize_t n = getrandom (raw + got, sizeof (raw) - got, 0);
    if (n < 0 && errno != EINTR)
      g_error ("getrandom: %s", g_strerror (errno));
    if (n > 0)
      got += n;
  }
  return g_base64_encode (raw, sizeof (raw));
}

/* Run from the build tree (./build/src/daemon/workforce-monitor --demo), the
 * daemon would not see its own elements unless GST_PLUGIN_PATH says where
 * they are: look in the build tree when the registry has no "workforce". */
static void
ensure_own_plugin (void)
{
  GstPlugin *p = gst_registry_find_plugin (gst_registry_get (), "workforce");

  if (p) {
    gst_object_unref (p);
    return;
  }
  if (g_file_test (WF_BUILD_PLUGIN_DIR, G_FILE_TEST_IS_DIR) &&
      gst_registry_scan_path (gst_registry_get (), WF_BUILD_PLUGIN_DIR))
    g_message ("using the elements of the build tree (%s)",
        WF_BUILD_PLUGIN_DIR);
}

typedef struct
{
  WfDemo *demo;
  WfGallery *gallery;
  GCancellable *cancellable;
} EnrolJob;

/* Demo enrolment loads models and reads six photos: off the main loop, so
 * that the API and the cameras start at once (the gallery is thread-safe
 * and facematch notices the new employees). */
static gpointer
demo_enrol_thread (gpointer data)
{
  EnrolJob *job = data;

  wf_demo_enrol (job->demo, job->gallery, job->cancellable);
  wf_memstats_log ("after demo enrolment");
  g_object_unref (job->demo);
  g_object_unref (job->gallery);
  g_object_unref (job->cancellable);
  g_free (job);
  g_atomic_int_set (&enrol_done, 1);
  return NULL;
}

/* Builds every camera's pipeline once without starting it, with the
 * builder the cameras use (wf_pipeline_build ()). */
static gboolean
check_templates (WfConfig * cfg)
{
  GPtrArray *cams = wf_config_get_cameras (cfg);
  gboolean ok = TRUE;

  for (guint i = 0; i < cams->len; i++) {
    WfCameraConfig *c = g_ptr_array_index (cams, i);
    g_autoptr (GError) err = NULL;
    g_autofree gchar *path = NULL;
    g_autofree gchar *desc = NULL;
    g_autofree gchar *shown = NULL;
    GstElement *p;

    p = wf_pipeline_build (c, wf_config_get_pipeline_dir (cfg),
        wf_config_get_gallery (cfg), &path, NULL, &err);
    if (!p) {
      g_printerr ("camera %s: %s\n", c->id, err->message);
      ok = FALSE;
      continue;
    }
    gst_object_unref (p);
    desc = wf_pipeline_describe (c, wf_config_get_pipeline_dir (cfg),
        wf_config_get_gallery (cfg), NULL, NULL);
    shown = wf_camera_config_scrub (c, desc);
    g_print ("camera %s: template %s builds: %s\n", c->id, path, shown);
  }
  return ok;
}

/* A command that works as printed: off loopback every request needs the
 * token, and 0.0.0.0 is no address to connect to. */
static void
print_demo_hint (WfConfig * cfg, const gchar * url, const gchar * token_file)
{
  g_autoptr (GUri) u = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GInetAddress) a = u ?
      g_inet_address_new_from_string (g_uri_get_host (u)) : NULL;
  g_autofree gchar *auth = NULL;
  const gchar *host = u ? g_uri_get_host (u) : "127.0.0.1";

  if (a && g_inet_address_get_is_any (a))
    host = g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV6 ? "[::1]" :
        "127.0.0.1";
  else if (a && g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV6)
    host = NULL;                /* keep the URL's own bracketed form */
  if (token_file && *token_file) {
    g_print ("workforce-monitor: demo token (for changes): the one in %s\n",
        token_file);
    auth = g_strdup_printf ("-H \"Authorization: Bearer $(cat %s)\"",
        token_file);
  } else {
    g_print ("workforce-monitor: demo token (for changes): %s\n",
        wf_config_get_token (cfg));
    auth = g_strdup_printf ("-H 'Authorization: Bearer %s'",
        wf_config_get_token (cfg));
  }
  if (host)
    g_print ("  try: curl %s http://%s:%d/api/v1/occupancy\n", auth, host,
        u ? g_uri_get_port (u) : 8080);
  else
    g_print ("  try: curl %s %sapi/v1/occupancy\n", auth, url);
}

/* WF_NODE_ID and WF_DATABASE (or WF_DATABASE_FILE, a file holding it)
 * replace [server] node-id and database. */
static gboolean
apply_site_env (WfConfig * cfg)
{
  const gchar *node = g_getenv ("WF_NODE_ID");
  const gchar *database = g_getenv ("WF_DATABASE");
  const gchar *database_file = g_getenv ("WF_DATABASE_FILE");
  g_autofree gchar *from_file = NULL;
  g_autoptr (GError) err = NULL;

  if (node && *node) {
    if (!wf_camera_id_is_valid (node)) {
      g_printerr ("workforce-monitor: WF_NODE_ID must be 1-64 letters, "
          "digits, '_', '.' or '-'\n");
      return FALSE;
    }
    wf_config_set_node_id (cfg, node);
  }
  /* compose and Kubernetes secrets are files: the URI on its first line */
  if (database_file && *database_file) {
    gsize len = 0;
    if (!g_file_get_contents (database_file, &from_file, &len, &err) ||
        len > 4096) {
      g_printerr ("workforce-monitor: WF_DATABASE_FILE=%s: %s\n",
          database_file, err ? err->message : "over 4096 bytes");
      return FALSE;
    }
    from_file[strcspn (from_file, "\r\n")] = '\0';
    database = from_file;
  }
  if (database && *database) {
    if (wf_store_uri_is_postgresql (database) &&
        !wf_store_uri_check (database, &err)) {
      g_printerr ("workforce-monitor: WF_DATABASE: %s\n", err->message);
      return FALSE;
    }
    wf_config_set_database (cfg, database);
  }
  return TRUE;
}

#if WF_HAVE_POSTGRESQL
/* Several nodes on one PostgreSQL database: this node's name is taken
 * (refused while another node runs under it) and the configuration's
 * cameras join the site's; placement then decides which run here. */
static WfPlacement *
open_placement (WfConfig * cfg, int *status)
{
  g_autoptr (WfPlacement) p = NULL;
  g_autoptr (GError) err = NULL;
  GPtrArray *cams = wf_config_get_cameras (cfg);
  g_autofree gchar *display = wf_uri_redact (wf_config_get_database (cfg));

  if (!wf_store_uri_is_postgresql (wf_config_get_database (cfg)))
    return NULL;
  p = wf_placement_open (wf_config_get_database (cfg),
      wf_config_get_node_id (cfg), wf_config_get_max_cameras (cfg), &err);
  if (!p) {
    g_printerr ("workforce-monitor: %s\n", err->message);
    *status = g_error_matches (err, G_IO_ERROR, G_IO_ERROR_EXISTS) ?
        EX_CONFIG : EX_UNAVAILABLE;
    return NULL;
  }
  for (guint i = 0; i < cams->len; i++) {
    WfCameraConfig *c = g_ptr_array_index (cams, i);
    if (!wf_placement_publish (p, c, &err) &&
        !g_error_matches (err, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
      g_printerr ("workforce-monitor: camera %s: %s\n", c->id,
          err->message);
      *status = EX_UNAVAILABLE;
      return NULL;
    }
    g_clear_error (&err);
  }
  g_message ("node %s of the site on %s: runs at most %u cameras",
      wf_config_get_node_id (cfg), display,
      wf_config_get_max_cameras (cfg));
  return g_steal_pointer (&p);
}

static void
placement_run (const WfCameraConfig * cfg, gpointer data)
{
  g_autoptr (GError) err = NULL;

  if (!wf_monitor_add_camera (data, cfg, &err))
    g_warning ("placement: camera %s: %s", cfg->id, err->message);
}

static void
placement_stop (const gchar * id, gpointer data)
{
  wf_monitor_remove_camera (data, id);
}
#endif

/* [privacy] store-unknown-crops: the folder of the crops beside the gallery
 * (the daemon's state folder), and what fills it (wf-unknowns.h).  Off, or
 * without face recognition or gallery, nothing is stored. */
static void
open_unknowns (WfConfig * cfg, WfMonitor * monitor, WfGallery * gallery)
{
  WfPrivacyConfig *p = wf_config_get_privacy (cfg);
  g_autofree gchar *state = NULL;
  g_autofree gchar *dir = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (WfUnknowns) unknowns = NULL;
  g_autoptr (WfUnknownCollector) collector = NULL;
  WfSnapshotRedaction r = { p->snapshot_policy, p->snapshot_method };

  if (!p->store_unknown_crops)
    return;
  if (!gallery || !wf_enrol_available ()) {
    g_warning ("store-unknown-crops: %s; no crop is stored", gallery ?
        "this build has no face recognition" : "no gallery");
    return;
  }
  state = g_path_get_dirname (wf_config_get_gallery (cfg));
  dir = g_build_filename (state, "unknown-faces", NULL);
  unknowns = wf_unknowns_new (dir, p->retention.seconds
      [WF_RETAIN_UNKNOWN_CROPS], &err);
  if (!unknowns) {
    g_warning ("store-unknown-crops: %s; no crop is stored", err->message);
    return;
  }
  g_message ("unknown faces: crops kept in %s for %" G_GINT64_FORMAT " s",
      dir, p->retention.seconds[WF_RETAIN_UNKNOWN_CROPS]);
  collector = wf_unknown_collector_new (unknowns, gallery, &r,
      WF_GALLERY_DEFAULT_THRESHOLD);
  wf_monitor_set_unknowns (monitor, unknowns, collector);
}

int
main (int argc, char **argv)
{
  gint64 t0 = process_start_monotonic ();
  g_autofree gchar *config_path = NULL;
  g_autofree gchar *address = NULL;
  g_autofree gchar *url = NULL;
  gint port = -1;
  gboolean demo = FALSE, check = FALSE, version = FALSE;
  gboolean public_health = FALSE;
  const gchar *public_health_env = g_getenv ("WF_PUBLIC_HEALTH");
  const gchar *token_file_env = g_getenv ("WF_TOKEN_FILE");
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) cfg = NULL;
  g_autoptr (WfStore) store = NULL;
  g_autoptr (WfMonitor) monitor = NULL;
  WfPlacement *placement = NULL;
#if WF_HAVE_POSTGRESQL
  WfGallerySync *gallery_sync = NULL;
#endif
  g_autoptr (WfApi) api = NULL;
  g_autoptr (WfGallery) gallery = NULL;
#if WF_HAVE_MQTT
  g_autoptr (WfMqtt) mqtt = NULL;
#endif
  GThread *enrol_thread = NULL;
  g_autoptr (GCancellable) enrol_cancellable = g_cancellable_new ();
  g_autoptr (WfDemo) demo_state = NULL;
  GOptionEntry entries[] = {
    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
        "Configuration file (GLib key file)", "FILE"},
    {"port", 'p', 0, G_OPTION_ARG_INT, &port,
        "Port of the API (overrides [server] port; 0 picks a free one)", "N"},
    {"address", 'a', 0, G_OPTION_ARG_STRING, &address,
        "Address of the API (overrides [server] address)", "ADDR"},
    {"public-health", 0, 0, G_OPTION_ARG_NONE, &public_health,
          "Off loopback, answer GET /api/v1/health without a token (for "
          "probes that cannot send one; overrides [server] public-health "
          "and WF_PUBLIC_HEALTH)", NULL},
    {"demo", 0, 0, G_OPTION_ARG_NONE, &demo,
        "Run over the bundled demo video, no configuration needed", NULL},
    {"check-config", 0, 0, G_OPTION_ARG_NONE, &check,
        "Validate the configuration and its pipelines, then exit", NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL},
    {NULL}
  };
  int status = EX_OK;
  gboolean clean;

  /* glibc gives each thread that ever mallocs its own arena, up to 8 per
   * core; with pipelines and their threads coming and going that memory
   * stays mapped and RSS creeps up for days.  Two arenas are plenty for a
   * daemon whose heavy lifting is in the models (MALLOC_ARENA_MAX wins). */
  if (!g_getenv ("MALLOC_ARENA_MAX"))
    mallopt (M_ARENA_MAX, 2);
  /* glibc returns the free top of the heap to the system only above a
   * threshold that grows with the largest block ever freed (frames, model
   * loading), so after start-up it keeps tens of MB it no longer uses:
   * a fixed 128 KiB gave 0.84x and 0.95x the steady RSS of one camera in
   * two runs of tests/bench/memory-knobs.sh (MALLOC_TRIM_THRESHOLD_
   * wins). */
  if (!g_getenv ("MALLOC_TRIM_THRESHOLD_"))
    mallopt (M_TRIM_THRESHOLD, 128 * 1024);
  wf_memstats_log ("start");
  ctx = g_option_context_new ("- cameras in, attendance and occupancy out");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("workforce-monitor: %s\n", err->message);
    return EX_USAGE;
  }
  if (version) {
    g_print ("workforce-monitor %s\n", VERSION);
    return EX_OK;
  }
  if (argc > 1) {
    g_printerr ("workforce-monitor: unexpected argument '%s'\n", argv[1]);
    return EX_USAGE;
  }
  if (demo == (config_path != NULL)) {
    g_printerr ("workforce-monitor: give either --config FILE or --demo\n");
    return EX_USAGE;
  }
  if (public_health_env && *public_health_env &&
      !g_strv_contains ((const gchar * const[]) {"true", "false", "1", "0",
              "yes", "no", NULL}, public_health_env)) {
    g_printerr ("workforce-monitor: WF_PUBLIC_HEALTH must be true or false, "
        "not '%s'\n", public_health_env);
    return EX_USAGE;
  }
  if (port > 65535 || port < -1) {
    g_printerr ("workforce-monitor: --port must be from 0 to 65535\n");
    return EX_USAGE;
  }
  ensure_own_plugin ();
  wf_memstats_log ("after gst init");

  if (config_path) {
    cfg = wf_config_new_from_file (config_path, &err);
    if (!cfg) {
      g_printerr ("workforce-monitor: configuration refused: %s\n",
          err->message);
      return g_error_matches (err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_IO) ?
          EX_NOINPUT : EX_CONFIG;
    }
  } else {
    cfg = wf_config_new ();
  }
  if (address)
    wf_config_set_address (cfg, address);
  if (port >= 0)
    wf_config_set_port (cfg, port);
  /* The file, then the environment (containers), then the option. */
  if (public_health_env && *public_health_env)
    wf_config_set_public_health (cfg, g_str_equal (public_health_env, "true")
        || g_str_equal (public_health_env, "1") ||
        g_str_equal (public_health_env, "yes"));
  if (public_health)
    wf_config_set_public_health (cfg, TRUE);
  /* Kubernetes: the pod's name as the node's, the database URI (with its
   * password) from a Secret. */
  if (!apply_site_env (cfg))
    return EX_CONFIG;
  if (address && !wf_address_is_loopback (address)) {
    g_autoptr (GInetAddress) a = g_inet_address_new_from_string (address);
    if (!a) {
      g_printerr ("workforce-monitor: --address must be a numeric address\n");
      return EX_USAGE;
    }
  }

  if (demo) {
    g_autofree gchar *token = random_token ();
    demo_state = wf_demo_new (&err);
    if (!demo_state) {
      g_printerr ("workforce-monitor: demo unavailable: %s\n", err->message);
      return EX_UNAVAILABLE;
    }
    wf_demo_configure (demo_state, cfg);
    wf_config_set_token (cfg, token);
  }
  /* Containers pass the token as a file (the image's HEALTHCHECK reads the
   * same variable): it replaces the file's token and the demo's. */
  if (token_file_env && *token_file_env &&
      !wf_config_load_token_file (cfg, token_file_env, &err)) {
    g_printerr ("workforce-monitor: WF_TOKEN_FILE=%s: %s\n", token_file_env,
        err->message);
    return EX_CONFIG;
  }

  if (check) {
    gboolean ok = check_templates (cfg);
    g_print ("%s: %s\n", config_path ? config_path : "demo",
        ok ? "configuration OK" : "configuration has errors");
    return ok ? EX_OK : EX_CONFIG;
  }

  if (!wf_address_is_loopback (wf_config_get_address (cfg)) &&
      !wf_config_has_token (cfg)) {
    g_printerr ("workforce-monitor: refusing to listen on %s without a "
        "token: set token or token-file in [server]\n",
        wf_config_get_address (cfg));
    return EX_CONFIG;
  }
  if (!wf_config_has_token (cfg))
    g_message ("no token configured: every change through the API will be "
        "refused (401); set token or token-file in [server] to allow them");
  if (!wf_address_is_loopback (wf_config_get_address (cfg)))
    g_message (wf_config_get_public_health (cfg) ?
        "GET /api/v1/health answers without a token (public-health)" :
        "every request needs the token, GET /api/v1/health too; for probes "
        "that cannot send one, set public-health = true in [server], "
        "WF_PUBLIC_HEALTH=true or --public-health");

  /* Outside systemd (no StateDirectory=) these default to
   * ~/.local/state/workforce-monitor/: say where the data goes. */
  {
    /* a postgresql:// URI may hold a password */
    const gchar *database = wf_config_get_database (cfg);
    g_autofree gchar *db = wf_store_uri_is_postgresql (database) ?
        wf_uri_redact (database) : g_strdup (database);
    g_message ("database %s, gallery %s", db, wf_config_get_gallery (cfg));
  }
  store = wf_store_new (wf_config_get_database (cfg),
      &wf_config_get_privacy (cfg)->retention, &err);
  if (!store) {
    g_printerr ("workforce-monitor: %s\n", err->message);
    return EX_CANTCREAT;
  }
  gallery = wf_gallery_open (wf_config_get_gallery (cfg),
      WF_GALLERY_OPEN_CREATE, &err);
  if (!gallery) {
    /* Cameras still run; the employees API answers 503 and says why. */
    g_warning ("employee gallery unavailable: %s", err->message);
    g_clear_error (&err);
  }
#if WF_HAVE_POSTGRESQL
  placement = open_placement (cfg, &status);
  if (status != EX_OK)
    return status;
  if (placement && gallery) {
    /* the site's gallery: this node's file becomes its copy */
    gallery_sync = wf_gallery_sync_new (wf_config_get_database (cfg),
        gallery, wf_config_get_node_id (cfg), &err);
    if (!gallery_sync) {
      g_printerr ("workforce-monitor: site gallery: %s\n", err->message);
      return EX_UNAVAILABLE;
    }
  }
#endif
  /* an erasure killed half-way is finished before anything is served (on
   * a site, after the gallery took the site's: the site hears of it too) */
  wf_erasure_resume (gallery, store);
  monitor = wf_monitor_new (cfg, store, t0);
  wf_monitor_set_placement (monitor, placement);
  open_unknowns (cfg, monitor, gallery);
  api = wf_api_new (monitor, gallery);
#if WF_HAVE_POSTGRESQL
  wf_api_set_gallery_sync (api, gallery_sync);
#endif
  url = wf_api_listen (api, wf_config_get_address (cfg),
      wf_config_get_port (cfg), &err);
  if (!url) {
    g_printerr ("workforce-monitor: cannot listen on %s port %u: %s\n",
        wf_config_get_address (cfg), wf_config_get_port (cfg), err->message);
    return EX_OSERR;
  }
  {
    /* The port really listened on (port 0 picks one): camera URIs that
     * point at the daemon itself are refused against it. */
    g_autoptr (GUri) u = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    if (u && g_uri_get_port (u) > 0)
      wf_config_set_port (cfg, g_uri_get_port (u));
  }
  wf_monitor_set_api_ready (monitor);
  g_print ("workforce-monitor: API ready on %s (%.3f s after start)\n", url,
      (g_get_monotonic_time () - t0) / 1e6);
  if (demo)
    print_demo_hint (cfg, url, token_file_env);
  fflush (stdout);
  wf_memstats_log ("API ready");
  if (demo_state && gallery) {
    EnrolJob *job = g_new0 (EnrolJob, 1);
    job->demo = g_object_ref (demo_state);
    job->gallery = g_object_ref (gallery);
    job->cancellable = g_object_ref (enrol_cancellable);
    enrol_thread = g_thread_new ("wf-demo-enrol", demo_enrol_thread, job);
  }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, (gpointer) "SIGINT");
  g_unix_signal_add (SIGTERM, on_signal, (gpointer) "SIGTERM");
#if WF_HAVE_POSTGRESQL
  if (placement) {
    const WfPlacementHooks hooks = { placement_run, placement_stop };
    wf_placement_start (placement, &hooks, monitor);
  }
#endif
  if (!placement)
    wf_monitor_start (monitor);
#if WF_HAVE_MQTT
  if (wf_config_get_mqtt (cfg)) {
    mqtt = wf_mqtt_new (monitor, gallery, wf_config_get_mqtt (cfg), &err);
    if (!mqtt) {
      g_printerr ("workforce-monitor: MQTT unavailable: %s\n", err->message);
      return EX_UNAVAILABLE;
    }
    wf_api_set_mqtt (api, G_OBJECT (mqtt));
    wf_mqtt_start (mqtt);
  }
#endif
  g_main_loop_run (loop);

  /* Teardown in reverse; the demo enrolment stops at its next photo while
   * the cameras stop. */
  g_cancellable_cancel (enrol_cancellable);
  wf_api_shutdown (api);
  clean = wf_monitor_stop (monitor);
#if WF_HAVE_POSTGRESQL
  /* the cameras are stopped: now their locks may go to other nodes */
  g_clear_pointer (&placement, wf_placement_free);
#endif
#if WF_HAVE_MQTT
  /* after the cameras: their last states go out too */
  if (mqtt)
    wf_mqtt_stop (mqtt, MQTT_FLUSH_MS);
#endif
  if (enrol_thread) {
    /* A photo takes a second or more on a loaded machine: wait for it
     * only while the shutdown's time allows. */
    gint64 end = (shutdown_deadline ? shutdown_deadline :
        g_get_monotonic_time () + SHUTDOWN_LIMIT_US) - ENROL_MARGIN_US;
    while (!g_atomic_int_get (&enrol_done) && g_get_monotonic_time () < end)
      g_usleep (10 * 1000);
    if (g_atomic_int_get (&enrol_done)) {
      g_thread_join (enrol_thread);
    } else {
      g_message ("demo enrolment still busy with a photo: not waited for");
      g_thread_unref (enrol_thread);
      clean = FALSE;
    }
  }
#if WF_HAVE_POSTGRESQL
  /* after the demo enrolment: its last change still reaches the site, and
   * no change signal can arrive from its thread while the sync is freed */
  if (enrol_thread && !g_atomic_int_get (&enrol_done) && gallery_sync) {
    g_message ("site gallery: left open, the demo enrolment still runs");
    gallery_sync = NULL;
  }
  g_clear_pointer (&gallery_sync, wf_gallery_sync_free);
#endif
  g_clear_object (&api);
#if WF_HAVE_MQTT
  g_clear_object (&mqtt);
#endif
  g_clear_object (&monitor);
  g_clear_object (&store);
  g_clear_object (&gallery);
  g_clear_object (&demo_state);
  g_clear_pointer (&loop, g_main_loop_unref);
  g_message ("stopped");
  if (!clean) {
    /* A thread is still inside a model (a camera's first start, a demo
     * photo): the store is flushed and closed, so leave without running the
     * C++ libraries' exit-time destructors under its feet. */
    fflush (stdout);
    fflush (stderr);
    _exit (status);
  }
  return status;
}
