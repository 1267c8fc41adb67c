/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The compact landmark predictor (see wf-landmarks.h).  dlib is used for its
 * primitive deserialize () calls only, which decode dlib's portable integer
 * and float encodings; the file's structure is walked here, one value at a
 * time.  The file holds, in this order (dlib::shape_predictor version 1):
 *
 *   int version (1)
 *   matrix<float,0,1> initial_shape     (-rows, -cols, then the floats)
 *   vector<vector<regression_tree>> forests, a tree being
 *     vector<split_feature> splits      ({ulong idx1, ulong idx2, float thresh})
 *     vector<matrix<float,0,1>> leaf_values
 *   vector<vector<ulong>> anchor_idx    (per cascade, per feature pixel)
 *   vector<vector<vector<float,2>>> deltas
 *
 * (vectors are an unsigned long count, then the elements).
 */
#include "config.h"
#include "wf-landmarks.h"

#include <dlib/serialize.h>

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

G_DEFINE_QUARK (wf-landmarks-error-quark, wf_landmarks_error)

namespace
{
  struct Split
  {
    guint16 idx1, idx2;
    float thresh;
  };
  /* Written and read as it is in memory (compact files). */
  static_assert (sizeof (Split) == 8, "Split has padding");

  struct Cascade
  {
    gsize first_tree;
    gsize n_trees;
    std::vector<guint16> anchor;        /* landmark each feature hangs on */
    std::vector<float> deltas;          /* its offset from it, x y x y... */
  };

  struct ModelError : std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  /* Bounds far above any real model, so that a corrupt count is refused
   * before it asks for memory. */
  const unsigned long MAX_POINTS = 1000;
  const unsigned long MAX_CASCADES = 1000;
  const unsigned long MAX_TREES = 100000;
  const unsigned long MAX_SPLITS = 65535;       /* feature indices: 16 bit */
  const unsigned long MAX_FEATURES = 65536;
  const guint64 MAX_LEAF_VALUES = 256u * 1024 * 1024;
}

struct _WfLandmarks
{
  guint n_points;
  guint dim;                    /* 2 * n_points */
  gsize n_splits;               /* per tree: every tree has the same depth */
  gsize n_leaves;               /* n_splits + 1 */
  std::vector<float> initial;   /* the mean shape, normalised to the box */
  std::vector<Cascade> cascades;
  std::vector<Split> splits;    /* tree after tree */
  std::vector<gint16> leaves;   /* tree, leaf, then dim values */
  std::vector<float> scales;    /* one per leaf: value = q * scale */
};

namespace
{
  /* Where reading is, for the error message. */
  struct Reader
  {
    std::istream & in;
    std::string where;

    unsigned long count (unsigned long max, const char *what)
    {
      unsigned long n;
      dlib::deserialize (n, in);
      if (n > max)
        throw ModelError (std::string ("implausible ") + what + " count "
            + std::to_string (n));
      return n;
    }

    float value ()
    {
      float v;
      dlib::deserialize (v, in);
      if (!std::isfinite (v))
        throw ModelError ("a value is not finite");
      return v;
    }

    /* A matrix<float,0,1> header: must be a column of @rows, or of any
     * even size when @rows is 0.  Returns the size. */
    unsigned long column (unsigned long rows)
    {
      long nr, nc;
      dlib::deserialize (nr, in);
      dlib::deserialize (nc, in);
      /* dlib writes sizes negated (its newer format); older files did not. */
      if (nr < 0 || nc < 0) {
        nr = -nr;
        nc = -nc;
      }
      if (nc != 1 || nr < 2 || (unsigned long) nr > 2 * MAX_POINTS
          || nr % 2 != 0 || (rows != 0 && (unsigned long) nr != rows))
        throw ModelError ("a " + std::to_string (nr) + "x"
            + std::to_string (nc) + " matrix where a shape was expected");
      return (unsigned long) nr;
    }
  };

  void
  read_tree (Reader & r, WfLandmarks * m, bool first, gsize n_cascades,
      gsize n_trees, std::vector<float> & leaf)
  {
    unsigned long ns = r.count (MAX_SPLITS, "split");
    unsigned long nl;

    if (first) {
      guint64 total;
      if (((ns + 1) & ns) != 0)
        throw ModelError ("a tree with " + std::to_string (ns)
            + " splits is not complete");
      m->n_splits = ns;
      m->n_leaves = ns + 1;
      total = (guint64) n_cascades * n_trees * m->n_leaves * m->dim;
      if (total > MAX_LEAF_VALUES)
        throw ModelError ("implausibly large model");
      /* Real models have as many trees in every cascade: one allocation. */
      m->splits.reserve (n_cascades * n_trees * ns);
      m->leaves.reserve (total);
      m->scales.reserve (n_cascades * n_trees * m->n_leaves);
    } else if (ns != m->n_splits) {
      throw ModelError ("trees of different depths (" + std::to_string (ns)
          + " and " + std::to_string (m->n_splits) + " splits)");
    }

    for (unsigned long s = 0; s < ns; s++) {
      unsigned long idx1, idx2;
      Split sp;
      dlib::deserialize (idx1, r.in);
      dlib::deserialize (idx2, r.in);
      if (idx1 >= MAX_FEATURES || idx2 >= MAX_FEATURES)
        throw ModelError ("a split reads feature "
            + std::to_string (MAX (idx1, idx2)));
      sp.idx1 = (guint16) idx1;
      sp.idx2 = (guint16) idx2;
      sp.thresh = r.value ();
      m->splits.push_back (sp);
    }

    nl = r.count (MAX_SPLITS + 1, "leaf");
    if (nl != ns + 1)
      throw ModelError (std::to_string (nl) + " leaves for "
          + std::to_string (ns) + " splits");
    for (unsigned long l = 0; l < nl; l++) {
      float top = 0, scale;

      r.column (m->dim);
      for (guint k = 0; k < m->dim; k++) {
        leaf[k] = r.value ();
        top = MAX (top, std::fabs (leaf[k]));
      }
      /* Symmetric 16-bit quantisation against the leaf's largest value. */
      scale = top / 32767.0f;
      for (guint k = 0; k < m->dim; k++) {
        long q = top > 0 ? std::lround ((double) leaf[k] * 32767.0 / top) : 0;
        m->leaves.push_back ((gint16) CLAMP (q, -32767, 32767));
      }
      m->scales.push_back (scale);
    }
  }

  void
  read_model (Reader & r, WfLandmarks * m)
  {
    int version = 0;
    unsigned long n_cascades, n, dim;
    std::vector<float> leaf;
    gsize tree = 0;

    r.where = "header";
    dlib::deserialize (version, r.in);
    if (version != 1)
      throw ModelError ("not a dlib shape predictor (version "
          + std::to_string (version) + ", expected 1)");
    r.where = "initial shape";
    dim = r.column (0);
    m->dim = dim;
    m->n_points = dim / 2;
    m->initial.resize (dim);
    for (unsigned long k = 0; k < dim; k++)
      m->initial[k] = r.value ();
    leaf.resize (dim);

    r.where = "forests";
    n_cascades = r.count (MAX_CASCADES, "cascade");
    if (n_cascades == 0)
      throw ModelError ("no cascades");
    m->cascades.resize (n_cascades);
    for (unsigned long c = 0; c < n_cascades; c++) {
      Cascade & cas = m->cascades[c];

      r.where = "cascade " + std::to_string (c);
      cas.n_trees = r.count (MAX_TREES, "tree");
      cas.first_tree = tree;
      for (gsize t = 0; t < cas.n_trees; t++, tree++) {
        r.where = "cascade " + std::to_string (c) + ", tree "
            + std::to_string (t);
        read_tree (r, m, tree == 0, n_cascades, cas.n_trees, leaf);
      }
    }
    if (tree == 0)
      throw ModelError ("no trees");

    r.where = "anchor indices";
    if ((n = r.count (MAX_CASCADES, "cascade")) != n_cascades)
      throw ModelError (std::to_string (n) + " anchor lists for "
          + std::to_string (n_cascades) + " cascades");
    for (Cascade & cas : m->cascades) {
      unsigned long nf = r.count (MAX_FEATURES, "feature");
      cas.anchor.resize (nf);
      for (unsigned long i = 0; i < nf; i++) {
        unsigned long a;
        dlib::deserialize (a, r.in);
        if (a >= m->n_points)
          throw ModelError ("a feature hangs on landmark "
              + std::to_string (a) + " of " + std::to_string (m->n_points));
        cas.anchor[i] = (guint16) a;
      }
    }

    r.where = "feature offsets";
    if ((n = r.count (MAX_CASCADES, "cascade")) != n_cascades)
      throw ModelError (std::to_string (n) + " offset lists for "
          + std::to_string (n_cascades) + " cascades");
    for (Cascade & cas : m->cascades) {
      unsigned long nf = r.count (MAX_FEATURES, "feature");
      if (nf != cas.anchor.size ())
        throw ModelError (std::to_string (nf) + " offsets for "
            + std::to_string (cas.anchor.size ()) + " features");
      cas.deltas.resize (2 * nf);
      for (unsigned long i = 0; i < 2 * nf; i++)
        cas.deltas[i] = r.value ();
    }

    /* Every split must read features its cascade has. */
    r.where = "forests";
    for (const Cascade & cas : m->cascades)
      for (gsize s = cas.first_tree * m->n_splits;
          s < (cas.first_tree + cas.n_trees) * m->n_splits; s++)
        if (m->splits[s].idx1 >= cas.anchor.size ()
            || m->splits[s].idx2 >= cas.anchor.size ())
          throw ModelError ("a split reads a feature its cascade lacks");

    m->splits.shrink_to_fit ();
    m->leaves.shrink_to_fit ();
    m->scales.shrink_to_fit ();
  }
}


/*
 * Compact files: the arrays of _WfLandmarks as they are in memory, after a
 * 64-byte header, all in the writer's byte order (a marker refuses others):
 *
 *   0  char    magic[8]      "WFLMARKS"
 *   8  guint32 version       COMPACT_VERSION
 *  12  guint32 byte_order    0x01020304 as written
 *  16  guint32 n_points, n_cascades, n_splits (per tree), n_trees (all)
 *  32  guint64 n_features    (all cascades)
 *  40  guint64 payload       bytes after the header: the file's length - 64
 *  48  guint64 checksum      of the payload's sections (wf_landmarks_checksum_update ())
 *  56  guint64 reserved      0
 *
 * then: per cascade {guint32 n_trees, n_features}; initial (2 n_points
 * floats); splits (n_trees x n_splits x 8 bytes); scales (a float per leaf);
 * leaves (gint16, n_trees x leaves x 2 n_points); anchors (guint16 per
 * feature, cascade after cascade); deltas (2 floats per feature).
 */
namespace
{
  const char COMPACT_MAGIC[8] = { 'W', 'F', 'L', 'M', 'A', 'R', 'K', 'S' };
  const guint32 COMPACT_VERSION = 1;
  const guint32 COMPACT_BYTE_ORDER = 0x01020304;
  const gsize COMPACT_HEADER = 64;

  struct CompactHeader
  {
    char magic[8];
    guint32 version, byte_order;
    guint32 n_points, n_cascades, n_splits, n_trees;
    guint64 n_features, payload, checksum, reserved;
  };
  static_assert (sizeof (CompactHeader) == COMPACT_HEADER,
      "CompactHeader has padding");


  /* The sections in file order. */
  struct Section
  {
    void *data;
    gsize len;
  };

  struct CompactError : std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  struct FileCloser
  {
    void operator () (FILE * f) const { fclose (f); }
  };

  void read_exact (FILE * f, void *data, gsize len)
  {
    if (len > 0 && fread (data, 1, len, f) != len)
      throw CompactError ("truncated (read failed in the payload)");
  }

  void check_finite (const std::vector<float> & v, const char *what)
  {
    for (float x : v)
      if (!std::isfinite (x))
        throw CompactError (std::string ("a value in the ") + what
            + " is not finite");
  }

  void load_compact (FILE * f, guint64 file_len, WfLandmarks * m)
  {
    CompactHeader h;
    guint64 n_leaves_all, n_values, want;
    std::vector<guint32> table;
    std::vector<guint16> anchors;
    std::vector<float> deltas;
    guint64 features = 0, trees = 0, sum;

    if (file_len < COMPACT_HEADER
        || fread (&h, 1, sizeof h, f) != sizeof h)
      throw CompactError ("truncated (" + std::to_string (file_len)
          + " bytes, shorter than the header)");
    if (memcmp (h.magic, COMPACT_MAGIC, sizeof h.magic) != 0)
      throw CompactError ("wrong magic: not a compact landmark model");
    if (h.version != COMPACT_VERSION)
      throw CompactError ("format version " + std::to_string (h.version)
          + ", this build reads version "
          + std::to_string (COMPACT_VERSION));
    if (h.byte_order != COMPACT_BYTE_ORDER)
      throw CompactError ("written on a machine of another byte order");
    if (h.n_points < 1 || h.n_points > MAX_POINTS || h.n_cascades < 1
        || h.n_cascades > MAX_CASCADES || h.n_splits > MAX_SPLITS
        || ((h.n_splits + 1) & h.n_splits) != 0 || h.n_trees < 1
        || h.n_trees > (guint64) MAX_CASCADES * MAX_TREES
        || h.n_features > (guint64) h.n_cascades * MAX_FEATURES
        || h.reserved != 0)
      throw CompactError ("implausible sizes in the header");
    n_leaves_all = (guint64) h.n_trees * (h.n_splits + 1);
    n_values = n_leaves_all * 2 * h.n_points;
    if (n_values > MAX_LEAF_VALUES)
      throw CompactError ("implausibly large model");
    want = (guint64) h.n_cascades * 8 + (guint64) h.n_points * 2 * 4
        + (guint64) h.n_trees * h.n_splits * sizeof (Split)
        + n_leaves_all * 4 + n_values * 2 + h.n_features * 2
        + h.n_features * 8;
    if (h.payload != want)
      throw CompactError ("the header's payload length "
          + std::to_string (h.payload) + " does not match its sizes ("
          + std::to_string (want) + ")");
    if (file_len != COMPACT_HEADER + want)
      throw CompactError ((file_len < COMPACT_HEADER + want ? "truncated: "
              : "trailing data: ") + std::to_string (file_len)
          + " bytes where the header says "
          + std::to_string (COMPACT_HEADER + want));

    m->n_points = h.n_points;
    m->dim = 2 * h.n_points;
    m->n_splits = h.n_splits;
    m->n_leaves = h.n_splits + 1;
    table.resize (2 * (gsize) h.n_cascades);
    m->initial.resize (m->dim);
    m->splits.resize ((gsize) h.n_trees * h.n_splits);
    m->scales.resize (n_leaves_all);
    m->leaves.resize (n_values);
    anchors.resize (h.n_features);
    deltas.resize (2 * h.n_features);

    const Section sections[] = {
      {table.data (), table.size () * sizeof (guint32)},
      {m->initial.data (), m->initial.size () * sizeof (float)},
      {m->splits.data (), m->splits.size () * sizeof (Split)},
      {m->scales.data (), m->scales.size () * sizeof (float)},
      {m->leaves.data (), m->leaves.size () * sizeof (gint16)},
      {anchors.data (), anchors.size () * sizeof (guint16)},
      {deltas.data (), deltas.size () * sizeof (float)},
    };
    sum = WF_LANDMARKS_CHECKSUM_SEED;
    for (const Section & s : sections) {
      read_exact (f, s.data, s.len);
      sum = wf_landmarks_checksum_update (sum, s.data, s.len);
    }
    if (sum != h.checksum)
      throw CompactError ("checksum mismatch: the file is corrupt");

    /* Checksummed, yet written by anyone: every index is checked before
     * predict () trusts it. */
    check_finite (m->initial, "initial shape");
    check_finite (m->scales, "leaf scales");
    check_finite (deltas, "feature offsets");
    m->cascades.resize (h.n_cascades);
    for (guint32 c = 0; c < h.n_cascades; c++) {
      Cascade & cas = m->cascades[c];
      guint32 nt = table[2 * c], nf = table[2 * c + 1];

      if (nt > MAX_TREES || nf > MAX_FEATURES || nt > h.n_trees - trees
          || nf > h.n_features - features)
        throw CompactError ("cascade " + std::to_string (c)
            + " has more trees or features than the header");
      cas.first_tree = trees;
      cas.n_trees = nt;
      cas.anchor.assign (anchors.begin () + features,
          anchors.begin () + features + nf);
      cas.deltas.assign (deltas.begin () + 2 * features,
          deltas.begin () + 2 * (features + nf));
      for (guint16 a : cas.anchor)
        if (a >= m->n_points)
          throw CompactError ("a feature of cascade " + std::to_string (c)
              + " hangs on landmark " + std::to_string (a));
      for (gsize s = trees * m->n_splits; s < (trees + nt) * m->n_splits;
          s++) {
        if (m->splits[s].idx1 >= nf || m->splits[s].idx2 >= nf)
          throw CompactError ("a split of cascade " + std::to_string (c)
              + " reads a feature its cascade lacks");
        if (!std::isfinite (m->splits[s].thresh))
          throw CompactError ("a split threshold is not finite");
      }
      trees += nt;
      features += nf;
    }
    if (trees != h.n_trees || features != h.n_features)
      throw CompactError ("the cascades' trees or features do not add up "
          "to the header's");
  }

  WfLandmarks *load_compact_path (const gchar * path, GError ** error)
  {
    std::unique_ptr<FILE, FileCloser> f (fopen (path, "rb"));
    struct stat st;
    WfLandmarks *m = NULL;

    if (!f || fstat (fileno (f.get ()), &st) != 0) {
      int saved = errno ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
          "Could not open landmark model %s: %s", path, g_strerror (saved));
      return NULL;
    }
    try {
      m = new WfLandmarks ();
      load_compact (f.get (), (guint64) st.st_size, m);
      return m;
    }
    catch (const CompactError & e) {
      g_set_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL,
          "%s is not a usable compact landmark model: %s", path, e.what ());
    }
    catch (const std::bad_alloc &) {
      g_set_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL,
          "%s: out of memory reading the compact landmark model", path);
    }
    delete m;
    return NULL;
  }
}

gboolean
wf_landmarks_is_compact (const gchar * path)
{
  std::unique_ptr<FILE, FileCloser> f (fopen (path, "rb"));
  char magic[sizeof COMPACT_MAGIC];

  return f && fread (magic, 1, sizeof magic, f.get ()) == sizeof magic
      && memcmp (magic, COMPACT_MAGIC, sizeof magic) == 0;
}

gboolean
wf_landmarks_save (const WfLandmarks * m, const gchar * path,
    GError ** error)
{
  CompactHeader h;
  std::vector<guint32> table;
  std::vector<guint16> anchors;
  std::vector<float> deltas;
  std::string out;
  guint64 sum = WF_LANDMARKS_CHECKSUM_SEED, payload = 0;

  g_return_val_if_fail (m != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (const Cascade & c : m->cascades) {
    table.push_back ((guint32) c.n_trees);
    table.push_back ((guint32) c.anchor.size ());
    anchors.insert (anchors.end (), c.anchor.begin (), c.anchor.end ());
    deltas.insert (deltas.end (), c.deltas.begin (), c.deltas.end ());
  }
  const Section sections[] = {
    {table.data (), table.size () * sizeof (guint32)},
    {(void *) m->initial.data (), m->initial.size () * sizeof (float)},
    {(void *) m->splits.data (), m->splits.size () * sizeof (Split)},
    {(void *) m->scales.data (), m->scales.size () * sizeof (float)},
    {(void *) m->leaves.data (), m->leaves.size () * sizeof (gint16)},
    {anchors.data (), anchors.size () * sizeof (guint16)},
    {deltas.data (), deltas.size () * sizeof (float)},
  };
  for (const Section & s : sections) {
    sum = wf_landmarks_checksum_update (sum, s.data, s.len);
    payload += s.len;
  }

  memset (&h, 0, sizeof h);
  memcpy (h.magic, COMPACT_MAGIC, sizeof h.magic);
  h.version = COMPACT_VERSION;
  h.byte_order = COMPACT_BYTE_ORDER;
  h.n_points = m->n_points;
  h.n_cascades = (guint32) m->cascades.size ();
  h.n_splits = (guint32) m->n_splits;
  h.n_trees = (guint32) (m->scales.size () / m->n_leaves);
  h.n_features = anchors.size ();
  h.payload = payload;
  h.checksum = sum;

  try {
    out.reserve (sizeof h + payload);
    out.append ((const char *) &h, sizeof h);
    for (const Section & s : sections)
      out.append ((const char *) s.data, s.len);
  }
  catch (const std::bad_alloc &) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
        "Could not write %s: out of memory", path);
    return FALSE;
  }
  return g_file_set_contents_full (path, out.data (), (gssize) out.size (),
      G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

WfLandmarks *
wf_landmarks_load (const gchar * path, GError ** error)
{
  WfLandmarks *m = NULL;
  std::ifstream in;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (wf_landmarks_is_compact (path))
    return load_compact_path (path, error);

  errno = 0;
  in.open (path, std::ios::in | std::ios::binary);
  if (!in.is_open ()) {
    int saved = errno ? errno : ENOENT;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "Could not open landmark model %s: %s", path, g_strerror (saved));
    return NULL;
  }

  Reader r { in, "start" };
  try {
    m = new WfLandmarks ();
    read_model (r, m);
  }
  catch (const ModelError & e) {
    g_set_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL,
        "%s is not a usable dlib shape predictor: %s (in the %s)", path,
        e.what (), r.where.c_str ());
    goto failed;
  }
  catch (const dlib::serialization_error &) {
    g_set_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL,
        "%s is not a usable dlib shape predictor: truncated or corrupt "
        "(reading stopped in the %s)", path, r.where.c_str ());
    goto failed;
  }
  catch (const std::bad_alloc &) {
    g_set_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL,
        "%s: out of memory reading the shape predictor (in the %s)", path,
        r.where.c_str ());
    goto failed;
  }
  return m;

failed:
  delete m;
  return NULL;
}

void
wf_landmarks_free (WfLandmarks * m)
{
  delete m;
}

guint
wf_landmarks_n_points (const WfLandmarks * m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->n_points;
}

gsize
wf_landmarks_bytes (const WfLandmarks * m)
{
  gsize b;

  g_return_val_if_fail (m != NULL, 0);
  b = sizeof *m + m->initial.capacity () * sizeof (float)
      + m->cascades.capacity () * sizeof (Cascade)
      + m->splits.capacity () * sizeof (Split)
      + m->leaves.capacity () * sizeof (gint16)
      + m->scales.capacity () * sizeof (float);
  for (const Cascade & c : m->cascades)
    b += c.anchor.capacity () * sizeof (guint16)
        + c.deltas.capacity () * sizeof (float);
  return b;
}

/* The least-squares similarity transform (rotation and scale) taking the
 * points of @from to those of @to, as a 2x2 matrix: the same optimum as
 * Umeyama's method, which dlib uses, in its closed form for the plane.
 * Sums in double, the result in float as dlib's predictor uses it. */
static void
similarity (const float *from, const float *to, guint n, float m[4])
{
  double fx = 0, fy = 0, tx = 0, ty = 0, norm = 0, dot = 0, cross = 0;
  double p, q;

  for (guint i = 0; i < n; i++) {
    fx += from[2 * i];
    fy += from[2 * i + 1];
    tx += to[2 * i];
    ty += to[2 * i + 1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  for (guint i = 0; i < n; i++) {
    double ax = from[2 * i] - fx, ay = from[2 * i + 1] - fy;
    double bx = to[2 * i] - tx, by = to[2 * i + 1] - ty;
    norm += ax * ax + ay * ay;
    dot += ax * bx + ay * by;
    cross += ax * by - ay * bx;
  }
  p = norm > 0 ? dot / norm : 1;
  q = norm > 0 ? cross / norm : 0;
  m[0] = (float) p;
  m[1] = (float) -q;
  m[2] = (float) q;
  m[3] = (float) p;
}

/* How many trees ahead the leaves are prefetched. */
#define PREFETCH_AHEAD 4

void
wf_landmarks_predict (const WfLandmarks * m, const guint8 * grey, gint width,
    gint height, gint stride, glong left, glong top, glong right,
    glong bottom, gfloat * points)
{
  std::vector<float> shape;
  std::vector<float> feat;
  std::vector<gsize> leaves;    /* the leaf each tree of a cascade picks */
  /* The box maps the normalised shape space: (0, 0) to its top left
   * corner, (1, 1) to its bottom right one. */
  const double bw = (double) (right - left), bh = (double) (bottom - top);

  g_return_if_fail (m != NULL && grey != NULL && points != NULL);

  shape = m->initial;
  for (const Cascade & cas : m->cascades) {
    float t[4];
    const gsize nf = cas.anchor.size ();

    /* Feature pixels are placed relative to the mean shape; move them with
     * the current estimate. */
    similarity (m->initial.data (), shape.data (), m->n_points, t);
    feat.resize (nf);
    for (gsize i = 0; i < nf; i++) {
      const float dx = cas.deltas[2 * i], dy = cas.deltas[2 * i + 1];
      const float x = t[0] * dx + t[1] * dy + shape[2 * cas.anchor[i]];
      const float y = t[2] * dx + t[3] * dy + shape[2 * cas.anchor[i] + 1];
      const double px = std::floor (bw * x + left + 0.5);
      const double py = std::floor (bh * y + top + 0.5);

      if (px >= 0 && py >= 0 && px < width && py < height)
        feat[i] = grey[(gsize) py * stride + (gsize) px];
      else
        feat[i] = 0;
    }

    /* The features stay fixed within a cascade, so every tree's leaf can be
     * found first; then the leaves (scattered over 34 MB: each read is a
     * cache miss) are added in tree order, the next ones prefetched. */
    leaves.resize (cas.n_trees);
    for (gsize t = 0; t < cas.n_trees; t++) {
      const gsize tr = cas.first_tree + t;
      const Split *sp = &m->splits[tr * m->n_splits];
      gsize i = 0;

      while (i < m->n_splits)
        i = feat[sp[i].idx1] - feat[sp[i].idx2] > sp[i].thresh ?
            2 * i + 1 : 2 * i + 2;
      leaves[t] = tr * m->n_leaves + (i - m->n_splits);
    }
    for (gsize t = 0; t < cas.n_trees; t++) {
      const gint16 *q = &m->leaves[leaves[t] * m->dim];
      const float scale = m->scales[leaves[t]];

      if (t + PREFETCH_AHEAD < cas.n_trees) {
        const char *next =
            (const char *) &m->leaves[leaves[t + PREFETCH_AHEAD] * m->dim];
        for (gsize off = 0; off < m->dim * sizeof (gint16); off += 64)
          __builtin_prefetch (next + off);
      }
      for (guint k = 0; k < m->dim; k++)
        shape[k] += (float) q[k] * scale;
    }
  }

  for (guint k = 0; k < m->n_points; k++) {
    points[2 * k] = (float) (bw * shape[2 * k] + left);
    points[2 * k + 1] = (float) (bh * shape[2 * k + 1] + top);
  }
}

guint64
wf_landmarks_checksum_update (guint64 h, const void *data, gsize len)
{
  const guint8 *p = (const guint8 *) data;
  const guint64 prime = 0x100000001b3ull;
  gsize i = 0;

  /* FNV-1a over 64-bit words (the tail zero-padded), then the length: a
   * few ms for 34 MB, and any changed word changes it. */
  for (; i + 8 <= len; i += 8) {
    guint64 w;
    memcpy (&w, p + i, 8);
    h = (h ^ w) * prime;
  }
  if (i < len) {
    guint64 w = 0;
    memcpy (&w, p + i, len - i);
    h = (h ^ w) * prime;
  }
  return (h ^ (guint64) len) * prime;
}
