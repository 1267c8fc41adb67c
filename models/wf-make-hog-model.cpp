/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Writes dlib's built-in frontal face HOG detector to a plain dlib file.
 *
 * dlib keeps that detector as a compressed, base64-encoded string and
 * decodes it in get_frontal_face_detector (), which takes about a second of
 * CPU: more than a hundred frames' worth of detection at 640x360.  Reading
 * the same detector back from the plain file written here takes a few ms,
 * and gives the same filters (get_frontal_face_detector deserialises the
 * decoded bytes the same way).
 *
 *   wf-make-hog-model OUTPUT
 */
#include <cstdio>
#include <exception>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/serialize.h>

int
main (int argc, char **argv)
{
  if (argc != 2) {
    std::fprintf (stderr, "usage: %s OUTPUT\n", argv[0]);
    return 64;                  /* EX_USAGE */
  }
  try {
    dlib::frontal_face_detector det = dlib::get_frontal_face_detector ();
    dlib::serialize (argv[1]) << det;
  } catch (const std::exception & e) {
    std::fprintf (stderr, "%s: could not write %s: %s\n", argv[0], argv[1],
        e.what ());
    std::remove (argv[1]);
    return 73;                  /* EX_CANTCREAT */
  }
  return 0;
}
