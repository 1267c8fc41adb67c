/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-mqtt-topic.h"

#include <stdarg.h>
#include <string.h>

static void
append_escaped (GString * s, const gchar * name)
{
  if (!*name) {
    g_string_append (s, "%00");
    return;
  }
  for (const guchar * p = (const guchar *) name; *p; p++) {
    if (*p <= 0x20 || *p == 0x7f || *p == '/' || *p == '+' || *p == '#' ||
        *p == '%')
      g_string_append_printf (s, "%%%02X", *p);
    else
      g_string_append_c (s, *p);
  }
}

gchar *
wf_mqtt_topic_escape (const gchar * name)
{
  GString *s = g_string_new (NULL);

  append_escaped (s, name);
  return g_string_free (s, FALSE);
}

gchar *
wf_mqtt_topic_build (const gchar * prefix, ...)
{
  GString *s = g_string_new (prefix);
  const gchar *level;
  va_list ap;

  va_start (ap, prefix);
  while ((level = va_arg (ap, const gchar *))) {
    g_string_append_c (s, '/');
    append_escaped (s, level);
  }
  va_end (ap);
  return g_string_free (s, FALSE);
}

gchar *
wf_mqtt_object_id (const gchar * name)
{
  GString *s = g_string_new (NULL);
  gboolean changed = !*name;

  for (const gchar * p = name; *p; p++) {
    if (g_ascii_isalnum (*p) || *p == '_' || *p == '-') {
      g_string_append_c (s, *p);
    } else {
      g_string_append_c (s, '_');
      changed = TRUE;
    }
  }
  if (changed)
    g_string_append_printf (s, "_%08x", g_str_hash (name));
  return g_string_free (s, FALSE);
}
