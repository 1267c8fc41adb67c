/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-camera.h"
#include "wf-camera-config.h"
#include "wf-meta.h"
#include "wf-memstats.h"
#include "wf-uri.h"

#include <string.h>
#include <gio/gio.h>

GST_DEBUG_CATEGORY_STATIC (wf_camera_debug);
#define GST_CAT_DEFAULT wf_camera_debug

#define WATCHDOG_INTERVAL_MS 100
/* Connecting includes the first model load: allow it more than silence. */
#define MIN_CONNECT_TIMEOUT_MS 10000

/* State changes run in helper threads so that the main loop never blocks
 * on a slow source or a model load.  A teardown first joins the start of
 * its own pipeline; it never holds up the next attempt, because a source
 * can take long to stop (rtspsrc waiting on a TEARDOWN to a server that
 * went away). */
typedef struct
{
  GThread *prev;                /* joined first, may be NULL */
  GstElement *pipeline;
  GstState target;
  GThread *thread;
  gulong delay_us;              /* before the state change */
  gint done;                    /* atomic */
} StateOp;

/* The buffer pools seen on the source pads of one pipeline, for memory
 * reports.  Each probed pad keeps a reference to the last pool whose
 * buffers it pushed (so the pool's address cannot be reused while we
 * compare it), replaced when another pool appears: bounded by the number
 * of pads.  Shared by the camera and the pads' probes (refcounted). */
typedef struct
{
  gint ref;                     /* atomic */
  GMutex lock;
  GPtrArray *pads;              /* PadPool, protected by lock */
  guint64 seq;                  /* protected by lock */
} PoolWatch;

typedef struct
{
  PoolWatch *watch;
  gchar *owner;                 /* element:pad */
  GstBufferPool *pool;          /* protected by watch->lock; written only
                                 * by the pad's streaming thread */
  guint64 seq;                  /* protected by lock: when pool was seen */
} PadPool;

/* How long stopping a camera waits for its pipelines to reach NULL. */
#define STOP_WAIT_US (3 * G_USEC_PER_SEC)

struct _WfCamera
{
  GObject parent;

  /* All fields are used from the main context only, except the atomics. */
  WfCameraConfig *cfg;
  gchar *pipeline_dir;
  gchar *gallery;

  WfCameraState state;
  GstElement *pipeline;
  gchar *template_name;
  gchar *last_error;
  guint reconnects;
  guint attempt;                /* failures since the last running state */
  guint next_retry_ms;
  guint watchdog_id;
  guint retry_id;
  gint64 started_us;            /* monotonic time of the current attempt */
  GThread *start_thread;        /* PLAYING of the current pipeline */
  GPtrArray *dying;             /* StateOp: pipelines going to NULL */
  GstPad *probe_pad;            /* the sink pad counting frames */
  gulong probe_id;
  PoolWatch *pools;             /* of the current pipeline */

  /* Written by the streaming thread of the sink. */
  guint64 frames;               /* atomic */
  gdouble analysed_fraction;    /* main: facedetect's, -1 before any */
  gint64 last_frame_us;         /* atomic, monotonic */
  gint64 first_frame_us;        /* atomic, first frame ever */
  guint64 frames_at_start;      /* main: frames when the attempt began */
};

enum
{
  SIGNAL_STATE_CHANGED,
  SIGNAL_ELEMENT_MESSAGE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_CODE (WfCamera, wf_camera, G_TYPE_OBJECT,
    GST_DEBUG_CATEGORY_INIT (wf_camera_debug, "wf-camera", 0,
        "workforce-monitor camera"));

static void schedule_retry (WfCamera * self);

const gchar *
wf_camera_state_to_string (WfCameraState state)
{
  switch (state) {
    case WF_CAMERA_STOPPED:
      return "stopped";
    case WF_CAMERA_DISABLED:
      return "disabled";
    case WF_CAMERA_CONNECTING:
      return "connecting";
    case WF_CAMERA_RUNNING:
      return "running";
    case WF_CAMERA_RETRYING:
      return "retrying";
    case WF_CAMERA_FAILED_CONFIG:
      return "failed-config";
  }
  return "unknown";
}

void
wf_camera_status_clear (WfCameraStatus * status)
{
  g_clear_pointer (&status->last_error, g_free);
  g_clear_pointer (&status->pipeline, g_free);
  for (guint i = 0; status->queues && i < status->queues->len; i++)
    g_free (g_array_index (status->queues, WfQueueStat, i).name);
  for (guint i = 0; status->pools && i < status->pools->len; i++)
    g_free (g_array_index (status->pools, WfPoolStat, i).owner);
  for (guint i = 0; status->trackers && i < status->trackers->len; i++)
    g_free (g_array_index (status->trackers, WfTrackerStat, i).element);
  g_clear_pointer (&status->queues, g_array_unref);
  g_clear_pointer (&status->pools, g_array_unref);
  g_clear_pointer (&status->trackers, g_array_unref);
}

/* ---- buffer pools ---- */

static void
pad_pool_free (PadPool * pp)
{
  gst_clear_object (&pp->pool);
  g_free (pp->owner);
  g_free (pp);
}

static PoolWatch *
pool_watch_new (void)
{
  PoolWatch *w = g_new0 (PoolWatch, 1);

  w->ref = 1;
  g_mutex_init (&w->lock);
  w->pads = g_ptr_array_new_with_free_func ((GDestroyNotify) pad_pool_free);
  return w;
}

static PoolWatch *
pool_watch_ref (PoolWatch * w)
{
  g_atomic_int_inc (&w->ref);
  return w;
}

static void
pool_watch_unref (PoolWatch * w)
{
  if (!g_atomic_int_dec_and_test (&w->ref))
    return;
  g_ptr_array_unref (w->pads);
  g_mutex_clear (&w->lock);
  g_free (w);
}

static void
pad_pool_release (gpointer data)
{
  pool_watch_unref (((PadPool *) data)->watch);
}

static GstPadProbeReturn
pool_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  PadPool *pp = data;
  GstBuffer *buf = NULL;
  GstBufferPool *pool;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    buf = GST_PAD_PROBE_INFO_BUFFER (info);
  else if (gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info)))
    buf = gst_buffer_list_get (GST_PAD_PROBE_INFO_BUFFER_LIST (info), 0);
  pool = buf ? buf->pool : NULL;
  /* Only this thread writes pp->pool: reading it unlocked is safe. */
  if (!pool || pool == pp->pool)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&pp->watch->lock);
  gst_object_replace ((GstObject **) & pp->pool, GST_OBJECT (pool));
  pp->seq = ++pp->watch->seq;
  g_mutex_unlock (&pp->watch->lock);
  return GST_PAD_PROBE_OK;
}

static void
watch_pads (PoolWatch * w, GstElement * element)
{
  GstIterator *it;
  GValue v = G_VALUE_INIT;

  if (GST_IS_BIN (element))
    return;                     /* their ghost pads carry their children's */
  it = gst_element_iterate_src_pads (element);
  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstPad *pad = g_value_get_object (&v);
    PadPool *pp = g_new0 (PadPool, 1);

    pp->watch = pool_watch_ref (w);
    pp->owner = g_strdup_printf ("%s:%s", GST_ELEMENT_NAME (element),
        GST_PAD_NAME (pad));
    g_mutex_lock (&w->lock);
    g_ptr_array_add (w->pads, pp);
    g_mutex_unlock (&w->lock);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
        GST_PAD_PROBE_TYPE_BUFFER_LIST, pool_probe, pp, pad_pool_release);
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
}

/* Elements that decodebin plugs later (the decoder among them). */
static void
on_deep_element_added_pools (GstBin * bin, GstBin * sub,
    GstElement * element, gpointer data)
{
  watch_pads (data, element);
}

static void
watch_existing (const GValue * v, gpointer data)
{
  watch_pads (data, g_value_get_object (v));
}

static void
get_pools (PoolWatch * w, GArray * out)
{
  g_mutex_lock (&w->lock);
  for (guint i = 0; i < w->pads->len; i++) {
    PadPool *pp = g_ptr_array_index (w->pads, i);
    PadPool *first = pp;
    GstStructure *config;
    WfPoolStat ps = { 0 };
    gboolean seen = FALSE;

    if (!pp->pool)
      continue;
    /* A pool flows through in-place elements: list it once, with the pad
     * that pushed its buffers first (the most upstream one). */
    for (guint k = 0; k < w->pads->len && !seen; k++) {
      PadPool *o = g_ptr_array_index (w->pads, k);
      if (o->pool != pp->pool)
        continue;
      seen = k < i;
      if (o->seq < first->seq)
        first = o;
    }
    if (seen)
      continue;
    config = gst_buffer_pool_get_config (pp->pool);
    gst_buffer_pool_config_get_params (config, NULL, &ps.buffer_bytes,
        &ps.min_buffers, &ps.max_buffers);
    gst_structure_free (config);
    ps.owner = g_strdup (first->owner);
    ps.active = gst_buffer_pool_is_active (pp->pool);
    g_array_append_val (out, ps);
  }
  g_mutex_unlock (&w->lock);
}

/* ---- state ---- */

static void
set_state (WfCamera * self, WfCameraState state)
{
  if (self->state == state)
    return;
  GST_INFO ("camera %s: %s -> %s", self->cfg->id,
      wf_camera_state_to_string (self->state),
      wf_camera_state_to_string (state));
  self->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/* Error texts reach replies, events and the log: an element may quote its
 * location, password and all. */
static void
set_error (WfCamera * self, const gchar * msg)
{
  g_free (self->last_error);
  self->last_error = wf_camera_config_scrub (self->cfg, msg);
}

static gpointer
state_op_thread (gpointer data)
{
  StateOp *op = data;

  if (op->prev)
    g_thread_join (op->prev);
  op->prev = NULL;
  if (op->delay_us)
    g_usleep (op->delay_us);
  if (op->target == GST_STATE_NULL) {
    /* Wake every streaming thread first (blocked pad probes, full queues):
     * a source whose thread sits blocked can otherwise not stop. */
    gst_element_send_event (op->pipeline, gst_event_new_flush_start ());
  }
  gst_element_set_state (op->pipeline, op->target);
  if (op->target == GST_STATE_NULL)
    gst_clear_object (&op->pipeline);
  g_atomic_int_set (&op->done, 1);
  return NULL;
}

static void
state_op_free (StateOp * op)
{
  g_thread_join (op->thread);
  gst_clear_object (&op->pipeline);
  g_free (op);
}

/* Joins the teardowns that have finished. */
static void
reap_dying (WfCamera * self)
{
  for (guint i = 0; i < self->dying->len;) {
    StateOp *op = g_ptr_array_index (self->dying, i);
    if (g_atomic_int_get (&op->done)) {
      state_op_free (op);
      g_ptr_array_remove_index_fast (self->dying, i);
    } else {
      i++;
    }
  }
}

static gpointer
start_thread (gpointer data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_object_unref (pipeline);
  return NULL;
}

/* After an error, rtspsrc's own thread goes on cleaning up for a moment:
 * let it settle before changing its state. */
#define SETTLE_AFTER_ERROR_US (300 * 1000)

/* Waits until @end (monotonic) for every pipeline of this camera to reach
 * NULL; FALSE when some did not (they are left to their threads). */
static gboolean
wait_dying (WfCamera * self, gint64 end)
{
  reap_dying (self);
  while (self->dying->len > 0 && g_get_monotonic_time () < end) {
    g_usleep (10 * 1000);
    reap_dying (self);
  }
  if (self->dying->len > 0) {
    /* Leave them: better a stuck source thread than a stuck daemon. */
    GST_WARNING ("camera %s: %u pipeline(s) did not stop in time",
        self->cfg->id, self->dying->len);
    g_ptr_array_set_size (self->dying, 0);
    return FALSE;
  }
  return TRUE;
}

/* Removes the pipeline; it reaches NULL in a helper thread, after
 * @settle_us.  With @wait, waits (boundedly) for every pipeline of this
 * camera to reach NULL. */
static void
teardown_full (WfCamera * self, gboolean wait, gulong settle_us)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->probe_pad) {
    /* Frames of a dying pipeline must not count for the next attempt. */
    gst_pad_remove_probe (self->probe_pad, self->probe_id);
    gst_clear_object (&self->probe_pad);
    self->probe_id = 0;
  }
  g_clear_pointer (&self->pools, pool_watch_unref);
  if (self->pipeline) {
    GstBus *bus = gst_element_get_bus (self->pipeline);
    StateOp *op = g_new0 (StateOp, 1);

    gst_bus_remove_watch (bus);
    gst_object_unref (bus);
    op->prev = self->start_thread;
    self->start_thread = NULL;
    op->pipeline = g_steal_pointer (&self->pipeline);
    op->target = GST_STATE_NULL;
    op->delay_us = settle_us;
    op->thread = g_thread_new ("wf-camera-stop", state_op_thread, op);
    g_ptr_array_add (self->dying, op);
  }
  reap_dying (self);
  if (wait)
    wait_dying (self, g_get_monotonic_time () + STOP_WAIT_US);
}

static void
teardown (WfCamera * self, gboolean wait)
{
  teardown_full (self, wait, 0);
}

static void
fail_config (WfCamera * self, const gchar * msg)
{
  g_autofree gchar *uri = wf_uri_redact (self->cfg->uri);

  set_error (self, msg);
  /* Not retried: the log says so once, at warning level. */
  g_warning ("camera %s: configuration refused, not retrying (uri %s): %s",
      self->cfg->id, uri, self->last_error);
  teardown (self, FALSE);
  set_state (self, WF_CAMERA_FAILED_CONFIG);
}

static void
fail_transient (WfCamera * self, const gchar * msg)
{
  g_autofree gchar *uri = wf_uri_redact (self->cfg->uri);

  set_error (self, msg);
  teardown_full (self, FALSE, SETTLE_AFTER_ERROR_US);
  self->reconnects++;
  schedule_retry (self);
  g_warning ("camera %s: %s; reconnect %u in %.1f s (uri %s)", self->cfg->id,
      self->last_error, self->reconnects, self->next_retry_ms / 1000.0, uri);
}

static gboolean
retry_cb (gpointer data)
{
  WfCamera *self = data;

  self->retry_id = 0;
  wf_camera_start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (WfCamera * self)
{
  guint64 delay = self->cfg->backoff_initial_ms;

  for (guint i = 0; i < self->attempt && delay < self->cfg->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->cfg->backoff_max_ms);
  self->attempt++;
  self->next_retry_ms = delay;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
  set_state (self, WF_CAMERA_RETRYING);
}

static gboolean
watchdog_cb (gpointer data)
{
  WfCamera *self = data;
  gint64 now = g_get_monotonic_time ();
  guint64 frames = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
  gint64 last = __atomic_load_n (&self->last_frame_us, __ATOMIC_RELAXED);

  if (frames > self->frames_at_start) {
    if (self->state == WF_CAMERA_CONNECTING) {
      self->attempt = 0;
      set_state (self, WF_CAMERA_RUNNING);
    }
    if ((now - last) / 1000 > self->cfg->silence_ms) {
      g_autofree gchar *msg = g_strdup_printf ("no frame for %.1f s",
          self->cfg->silence_ms / 1000.0);
      self->watchdog_id = 0;
      fail_transient (self, msg);
      return G_SOURCE_REMOVE;
    }
  } else if ((now - self->started_us) / 1000 >
      MAX (self->cfg->silence_ms, MIN_CONNECT_TIMEOUT_MS)) {
    g_autofree gchar *msg = g_strdup_printf ("no frame within %.1f s of "
        "connecting", MAX (self->cfg->silence_ms,
            MIN_CONNECT_TIMEOUT_MS) / 1000.0);
    self->watchdog_id = 0;
    fail_transient (self, msg);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static GstPadProbeReturn
frame_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  WfCamera *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 zero = 0;

  __atomic_add_fetch (&self->frames, 1, __ATOMIC_RELAXED);
  __atomic_store_n (&self->last_frame_us, now, __ATOMIC_RELAXED);
  __atomic_compare_exchange_n (&self->first_frame_us, &zero, now, FALSE,
      __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  return GST_PAD_PROBE_OK;
}

/* Errors of our analysis elements (a missing model, a bad zone) and missing
 * plugins will not go away by reconnecting. */
static gboolean
error_is_permanent (GstMessage * msg, GError * err)
{
  GstObject *src = GST_MESSAGE_SRC (msg);

  if (err->domain == GST_CORE_ERROR &&
      err->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return TRUE;
  if (GST_IS_ELEMENT (src)) {
    GstElementFactory *f = gst_element_get_factory (GST_ELEMENT (src));
    const gchar *name = f ? GST_OBJECT_NAME (f) : NULL;
    if (name && (g_str_equal (name, "facedetect") ||
            g_str_equal (name, "facematch") || g_str_equal (name, "occupancy")))
      return TRUE;
  }
  return FALSE;
}

static gboolean
bus_cb (GstBus * bus, GstMessage * msg, gpointer data)
{
  WfCamera *self = data;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ERROR:{
      g_autoptr (GError) err = NULL;
      g_autofree gchar *dbg = NULL;
      g_autofree gchar *text = NULL;

      gst_message_parse_error (msg, &err, &dbg);
      text = g_strdup_printf ("%s: %s", GST_MESSAGE_SRC_NAME (msg),
          err->message);
      {
        g_autofree gchar *shown = wf_camera_config_scrub (self->cfg, dbg);
        GST_DEBUG ("camera %s: error debug: %s", self->cfg->id,
            GST_STR_NULL (shown));
      }
      if (error_is_permanent (msg, err))
        fail_config (self, text);
      else
        fail_transient (self, text);
      return G_SOURCE_REMOVE;   /* teardown removed the watch */
    }
    case GST_MESSAGE_EOS:
      if (self->cfg->loop) {
        GST_DEBUG ("camera %s: end of stream, looping", self->cfg->id);
        if (gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0))
          break;
      }
      fail_transient (self, "end of stream");
      return G_SOURCE_REMOVE;
    case GST_MESSAGE_WARNING:{
      g_autoptr (GError) err = NULL;
      g_autofree gchar *shown = NULL;
      gst_message_parse_warning (msg, &err, NULL);
      shown = wf_camera_config_scrub (self->cfg, err->message);
      GST_INFO ("camera %s: warning from %s: %s", self->cfg->id,
          GST_MESSAGE_SRC_NAME (msg), shown);
      break;
    }
    case GST_MESSAGE_ELEMENT:
      /* the motion gate's share of frames analysed, for /metrics: of
       * facedetect, or of occupancy detector=people (people template) */
      if (gst_message_has_name (msg, WF_MESSAGE_FACEDETECT) ||
          gst_message_has_name (msg, WF_MESSAGE_OCCUPANCY))
        gst_structure_get_double (gst_message_get_structure (msg),
            WF_FIELD_ANALYSED_FRACTION, &self->analysed_fraction);
      g_signal_emit (self, signals[SIGNAL_ELEMENT_MESSAGE], 0, msg);
      break;
    case GST_MESSAGE_STATE_CHANGED:{
      static gint logged;
      GstState new_state;

      /* Elements load their models on their way to PAUSED (start). */
      gst_message_parse_state_changed (msg, NULL, &new_state, NULL);
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (self->pipeline) &&
          new_state == GST_STATE_PAUSED &&
          g_atomic_int_compare_and_exchange (&logged, 0, 1))
        wf_memstats_log ("after models load");
      break;
    }
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

/* rtspsrc gives up waiting for its TEARDOWN after 100 ms by default and
 * finishes it in the background: a reconnection that comes quickly then
 * loses its connection.  Let the TEARDOWN complete within the NULL state
 * change (it runs in the helper thread) and bound the network waits. */
#define RTSP_TEARDOWN_TIMEOUT_NS (10 * GST_SECOND)
#define RTSP_TCP_TIMEOUT_US (3 * G_USEC_PER_SEC)

static void
on_deep_element_added (GstBin * bin, GstBin * sub, GstElement * element,
    gpointer data)
{
  GObjectClass *k = G_OBJECT_GET_CLASS (element);

  if (g_object_class_find_property (k, "teardown-timeout"))
    g_object_set (element, "teardown-timeout", RTSP_TEARDOWN_TIMEOUT_NS,
        NULL);
  if (g_object_class_find_property (k, "tcp-timeout"))
    g_object_set (element, "tcp-timeout", (guint64) RTSP_TCP_TIMEOUT_US,
        NULL);
}

void
wf_camera_start (WfCamera * self)
{
  g_autoptr (GError) err = NULL;
  GstElement *pipeline;
  GstPad *pad = NULL;
  GstBus *bus;

  g_return_if_fail (WF_IS_CAMERA (self));

  teardown (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  g_free (self->template_name);
  self->template_name = g_strdup (self->cfg->pipeline ? self->cfg->pipeline :
      wf_pipeline_default_name ());
  /* The same builder as --check-config: what was checked is what runs. */
  pipeline = wf_pipeline_build (self->cfg, self->pipeline_dir, self->gallery,
      NULL, &pad, &err);
  if (!pipeline) {
    fail_config (self, err->message);
    return;
  }
  self->probe_id = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_BUFFER_LIST, frame_probe, g_object_ref (self),
      g_object_unref);
  self->probe_pad = pad;
  g_signal_connect (pipeline, "deep-element-added",
      G_CALLBACK (on_deep_element_added), NULL);
  self->pools = pool_watch_new ();
  {
    GstIterator *it = gst_bin_iterate_recurse (GST_BIN (pipeline));
    gst_iterator_foreach (it, watch_existing, self->pools);
    gst_iterator_free (it);
  }
  g_signal_connect_data (pipeline, "deep-element-added",
      G_CALLBACK (on_deep_element_added_pools),
      pool_watch_ref (self->pools), (GClosureNotify) pool_watch_unref, 0);

  self->pipeline = pipeline;
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, bus_cb, self);
  gst_object_unref (bus);

  self->started_us = g_get_monotonic_time ();
  self->frames_at_start = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
  self->watchdog_id = g_timeout_add (WATCHDOG_INTERVAL_MS, watchdog_cb, self);
  set_state (self, WF_CAMERA_CONNECTING);
  self->start_thread = g_thread_new ("wf-camera-start", start_thread,
      gst_object_ref (pipeline));
}

gboolean
wf_camera_stop_many (WfCamera * const *cameras, guint n)
{
  gint64 end = g_get_monotonic_time () + STOP_WAIT_US;
  gboolean all = TRUE;

  /* All teardowns first, then one wait: a camera still loading its models
   * (its PLAYING cannot be cut short) must not make the next ones wait
   * behind it. */
  for (guint i = 0; i < n; i++) {
    g_clear_handle_id (&cameras[i]->retry_id, g_source_remove);
    teardown (cameras[i], FALSE);
  }
  for (guint i = 0; i < n; i++) {
    all &= wait_dying (cameras[i], end);
    set_state (cameras[i], WF_CAMERA_STOPPED);
  }
  return all;
}

void
wf_camera_stop (WfCamera * self)
{
  g_return_if_fail (WF_IS_CAMERA (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  teardown (self, TRUE);
  set_state (self, self->cfg->enabled ? WF_CAMERA_STOPPED :
      WF_CAMERA_DISABLED);
}

void
wf_camera_set_enabled (WfCamera * self, gboolean enabled)
{
  g_return_if_fail (WF_IS_CAMERA (self));
  if (self->cfg->enabled == enabled)
    return;
  self->cfg->enabled = enabled;
  if (enabled)
    wf_camera_start (self);
  else
    wf_camera_stop (self);
}

/* @obj: a queue element or a multiqueue pad. */
static void
add_queue (WfCameraStatus * st, GObject * obj, const gchar * name)
{
  GObjectClass *k = G_OBJECT_GET_CLASS (obj);
  WfQueueStat q = { 0 };

  if (!g_object_class_find_property (k, "current-level-buffers") ||
      !g_object_class_find_property (k, "current-level-bytes"))
    return;
  g_object_get (obj, "current-level-buffers", &q.buffers,
      "current-level-bytes", &q.bytes, NULL);
  if (g_object_class_find_property (k, "max-size-buffers"))
    g_object_get (obj, "max-size-buffers", &q.max_buffers, NULL);
  q.name = g_strdup (name);
  st->queued_buffers += q.buffers;
  st->queued_bytes += q.bytes;
  g_array_append_val (st->queues, q);
}

static void
count_queued (const GValue * v, gpointer data)
{
  WfCameraStatus *st = data;
  GstElement *e = g_value_get_object (v);
  GstElementFactory *f = gst_element_get_factory (e);
  const gchar *fname = f ? GST_OBJECT_NAME (f) : "";
  GObjectClass *k = G_OBJECT_GET_CLASS (e);

  st->elements++;
  add_queue (st, G_OBJECT (e), GST_ELEMENT_NAME (e));
  if (g_str_equal (fname, "multiqueue")) {
    /* Its levels are per stream, on its source pads (GstMultiQueuePad). */
    GstIterator *it = gst_element_iterate_src_pads (e);
    GValue pv = G_VALUE_INIT;

    while (gst_iterator_next (it, &pv) == GST_ITERATOR_OK) {
      GstPad *pad = g_value_get_object (&pv);
      g_autofree gchar *name = g_strdup_printf ("%s:%s",
          GST_ELEMENT_NAME (e), GST_PAD_NAME (pad));
      add_queue (st, G_OBJECT (pad), name);
      g_value_reset (&pv);
    }
    g_value_unset (&pv);
    gst_iterator_free (it);
  }
  if ((g_str_equal (fname, "occupancy") || g_str_equal (fname, "facematch"))
      && g_object_class_find_property (k, "tracks")) {
    WfTrackerStat t = { 0 };

    t.element = g_strdup (GST_ELEMENT_NAME (e));
    t.factory = g_str_equal (fname, "occupancy") ? "occupancy" : "facematch";
    g_object_get (e, "tracks", &t.tracks, NULL);
    if (g_object_class_find_property (k, "max-tracks"))
      g_object_get (e, "max-tracks", &t.max_tracks, NULL);
    g_array_append_val (st->trackers, t);
  }
}

void
wf_camera_get_status (WfCamera * self, WfCameraStatus * st)
{
  gint64 last;

  memset (st, 0, sizeof (*st));
  st->state = self->state;
  st->frames = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
  st->analysed_fraction = self->analysed_fraction;
  st->reconnects = self->reconnects;
  last = __atomic_load_n (&self->last_frame_us, __ATOMIC_RELAXED);
  st->last_frame_age_ms = last ? (g_get_monotonic_time () - last) / 1000 : -1;
  st->last_error = g_strdup (self->last_error);
  st->pipeline = g_strdup (self->template_name);
  st->next_retry_ms = self->state == WF_CAMERA_RETRYING ?
      self->next_retry_ms : 0;
  reap_dying (self);
  st->stopping = self->dying->len;
  st->first_frame_us = __atomic_load_n (&self->first_frame_us,
      __ATOMIC_RELAXED);
  st->queues = g_array_new (FALSE, TRUE, sizeof (WfQueueStat));
  st->pools = g_array_new (FALSE, TRUE, sizeof (WfPoolStat));
  st->trackers = g_array_new (FALSE, TRUE, sizeof (WfTrackerStat));
  if (self->pools)
    get_pools (self->pools, st->pools);
  if (self->pipeline) {
    GstIterator *it = gst_bin_iterate_recurse (GST_BIN (self->pipeline));
    gst_iterator_foreach (it, count_queued, st);
    gst_iterator_free (it);
  }
}

const WfCameraConfig *
wf_camera_get_config (WfCamera * self)
{
  return self->cfg;
}

const gchar *
wf_camera_get_id (WfCamera * self)
{
  return self->cfg->id;
}

WfCameraState
wf_camera_get_state (WfCamera * self)
{
  return self->state;
}

static void
wf_camera_dispose (GObject * object)
{
  WfCamera *self = WF_CAMERA (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  teardown (self, TRUE);
  G_OBJECT_CLASS (wf_camera_parent_class)->dispose (object);
}

static void
wf_camera_finalize (GObject * object)
{
  WfCamera *self = WF_CAMERA (object);

  wf_camera_config_free (self->cfg);
  g_free (self->pipeline_dir);
  g_free (self->gallery);
  g_free (self->template_name);
  g_free (self->last_error);
  g_ptr_array_unref (self->dying);
  G_OBJECT_CLASS (wf_camera_parent_class)->finalize (object);
}

static void
wf_camera_class_init (WfCameraClass * klass)
{
  GObjectClass *oclass = G_OBJECT_CLASS (klass);

  oclass->dispose = wf_camera_dispose;
  oclass->finalize = wf_camera_finalize;

  signals[SIGNAL_STATE_CHANGED] = g_signal_new ("state-changed",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 0);
  /* An element message of the pipeline (GstMessage *), main context. */
  signals[SIGNAL_ELEMENT_MESSAGE] = g_signal_new ("element-message",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
wf_camera_init (WfCamera * self)
{
  self->analysed_fraction = -1;
  self->state = WF_CAMERA_STOPPED;
  self->dying = g_ptr_array_new ();
}

WfCamera *
wf_camera_new (const WfCameraConfig * cfg, const gchar * pipeline_dir,
    const gchar * gallery)
{
  WfCamera *self = g_object_new (WF_TYPE_CAMERA, NULL);

  self->cfg = wf_camera_config_copy (cfg);
  if (!cfg->enabled)
    self->state = WF_CAMERA_DISABLED;
  self->pipeline_dir = g_strdup (pipeline_dir);
  self->gallery = g_strdup (gallery);
  return self;
}

/* The sink keeps its last buffer anyway (basesink's enable-last-sample): a
 * snapshot takes a reference to it and costs nothing until someone asks. */
GstSample *
wf_camera_dup_last_sample (WfCamera * self)
{
  g_autoptr (GstElement) sink = NULL;
  GstSample *sample = NULL;

  g_return_val_if_fail (WF_IS_CAMERA (self), NULL);
  if (self->state != WF_CAMERA_RUNNING || !self->pipeline || !self->probe_pad)
    return NULL;
  sink = gst_pad_get_parent_element (self->probe_pad);
  if (sink && g_object_class_find_property (G_OBJECT_GET_CLASS (sink),
          "last-sample"))
    g_object_get (sink, "last-sample", &sample, NULL);
  return sample;
}

static void
set_geometry_on (const GValue * v, gpointer data)
{
  GstElement *e = g_value_get_object (v);
  const WfCameraConfig *c = data;
  GstElementFactory *f = gst_element_get_factory (e);

  if (f && g_str_equal (GST_OBJECT_NAME (f), "occupancy"))
    g_object_set (e, "zones", c->zones ? c->zones : "",
        "lines", c->lines ? c->lines : "", NULL);
}

void
wf_camera_set_geometry (WfCamera * self, const gchar * zones,
    const gchar * lines)
{
  g_return_if_fail (WF_IS_CAMERA (self));
  if (zones) {
    g_free (self->cfg->zones);
    self->cfg->zones = g_strdup (zones);
  }
  if (lines) {
    g_free (self->cfg->lines);
    self->cfg->lines = g_strdup (lines);
  }
  /* the running occupancy elements take it at once (their zones and lines
   * are mutable in PLAYING); a later pipeline is built with it */
  if (self->pipeline && (zones || lines)) {
    GstIterator *it = gst_bin_iterate_recurse (GST_BIN (self->pipeline));
    gst_iterator_foreach (it, set_geometry_on, self->cfg);
    gst_iterator_free (it);
  }
}
