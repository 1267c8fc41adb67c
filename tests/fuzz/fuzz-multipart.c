/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Enrolment bodies (multipart/form-data) as wf-api-employees.c reads them
 * with libsoup: the parts, their Content-Disposition and their sizes.  The
 * first run found libsoup 3.2's negative part length (regressions/). */
#include "wf-fuzz.h"

#include <libsoup/soup.h>
#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  SoupMessageHeaders *h =
      soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  /* The body as the daemon passes it: soup_message_body_flatten () ends
   * it with a NUL that is not counted, which libsoup 3.2's parser needs
   * (it runs strstr () on it). */
  g_autofree gchar *text = g_malloc (size + 1);
  g_autoptr (GBytes) body = NULL;
  SoupMultipart *mp;

  memcpy (text, data, size);
  text[size] = '\0';
  body = g_bytes_new_static (text, size);

  soup_message_headers_replace (h, "Content-Type",
      "multipart/form-data; boundary=wfboundary0123456789");
  mp = soup_multipart_new_from_message (h, body);
  if (mp) {
    for (int i = 0; i < soup_multipart_get_length (mp); i++) {
      SoupMessageHeaders *ph;
      GBytes *pb;
      g_autoptr (GHashTable) params = NULL;
      const gchar *p;
      gsize n;

      g_assert (soup_multipart_get_part (mp, i, &ph, &pb));
      p = g_bytes_get_data (pb, &n);
      /* libsoup 3.2 can give a part of 2^64 - 2 bytes: read_enrolment ()
       * refuses any part longer than the body, as here; what it keeps
       * must lie inside the body. */
      if (n > size)
        break;
      g_assert (n == 0 || (p >= text && p + n <= text + size));
      if (soup_message_headers_get_content_disposition (ph, NULL, &params))
        (void) g_hash_table_lookup (params, "filename");
    }
    soup_multipart_free (mp);
  }
  soup_message_headers_unref (h);
  return 0;
}
