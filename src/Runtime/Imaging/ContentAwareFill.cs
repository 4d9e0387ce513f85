using System;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Threading;

namespace ImageSdk.Imaging;

/// <summary>
/// Content-aware fill: a hole is filled with pieces of the picture around it, so that the result continues its
/// surroundings (texture, edges, shading) instead of painting something over it. Multi-scale PatchMatch with voting
/// (Wexler, Shechtman and Irani 2007; Barnes et al. 2009) lays out the hole coarse to fine, and a texture synthesis pass
/// (after Harrison's Resynthesizer, 2005) copies the finest level's pixels in from the border:
/// <list type="number">
/// <item>The work area is the hole's bounding box with a margin of its own size around it: the time depends on the hole,
/// not on the picture, and the pieces come from the hole's neighbourhood.</item>
/// <item>A pixel is compared by its colour and by two texture features (its mean horizontal and vertical gradient over an
/// area, Newson et al. 2014): without them a smooth patch of the mean colour is the nearest match to any fine random
/// texture (wood grain, fur, grass), and the fill turns into a smudge.</item>
/// <item>A pyramid halves the work area until the hole is at most a patch wide. At the coarsest level the hole is filled
/// ring by ring from its border, each pixel copying the source patch most like what is around it already.</item>
/// <item>At each level, from coarse to fine: every 7 x 7 patch that overlaps the hole finds a similar patch wholly outside
/// it (PatchMatch: propagation from neighbours, then a random search in shrinking windows), and each hole pixel becomes the
/// weighted mean of what the patches over it say (good matches weigh more). The matches go up to the next level.</item>
/// <item>At the finest level, that estimate only guides: ring by ring from the border, each hole pixel copies one source
/// pixel, chosen by its patch with the pixels already settled weighing most. Copies instead of means keep fine texture sharp.</item>
/// </list>
/// It is deterministic (its random numbers come from the seed), allocates per level and never per pixel, and its work
/// grows linearly with the hole's area (a level with more than <see cref="MaxSearchedTargets"/> patches keeps the matches
/// of the level below instead of searching).
/// </summary>
internal static class ContentAwareFill
{
    /// <summary>The patch radius: 7 x 7 patches.</summary>
    private const int R = 3;

    private const int Side = (2 * R) + 1;

    /// <summary>The values of a pixel: red, green, blue, and the two texture features.</summary>
    private const int C = 5;

    /// <summary>The values compared per patch.</summary>
    private const int PatchValues = Side * Side * C;

    /// <summary>The texture features' scale against the colours (a gradient of 1 grey level counts this much).</summary>
    private const int FeatureGain = 3;

    /// <summary>How much more a settled pixel (known, or copied before) weighs than the estimate in the synthesis pass.</summary>
    private const int SettledWeight = 8;

    /// <summary>The random sources near a pixel that the synthesis pass tries besides its matches.</summary>
    private const int NearbyTries = 8;

    /// <summary>The spread of the vote weights: a match at the level's 75th-percentile cost weighs exp(-1 / this).</summary>
    private const double VoteSpread = 2;

    /// <summary>The most patches a level searches for; a level with more keeps the matches of the level below.</summary>
    private const int MaxSearchedTargets = 400_000;

    /// <summary>The most (source, hole pixel) pairs for which the coarsest level's start tries every source.</summary>
    private const long MaxExhaustivePairs = 20_000_000;

    /// <summary>The random sources a hole pixel of the coarsest level's start tries when not every source is tried.</summary>
    private const int RandomStarts = 32;

    /// <summary>The fewest source patches a coarser level must keep to be worth building.</summary>
    private const int MinSources = 64;

    /// <summary>Weight 1 for every value of a patch.</summary>
    private static readonly uint[] s_unweighted = Enumerable.Repeat(1u, PatchValues).ToArray();

    /// <summary>
    /// Fills the pixels where <paramref name="hole"/> is non-zero from the rest of the picture, in place. RGB is filled;
    /// with 4 channels the hole's alpha becomes opaque. Returns false, changing nothing, when the picture has no pixel
    /// outside the hole to continue from.
    /// </summary>
    /// <param name="pixels">The pixels, row by row, RGB or RGBA.</param>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="channels">3 (RGB) or 4 (RGBA).</param>
    /// <param name="hole">One byte per pixel, non-zero to fill.</param>
    /// <param name="seed">The seed of the random search: the same inputs and seed give the same result.</param>
    /// <param name="cancellationToken">Stops the fill between passes.</param>
    public static bool Fill(Span<byte> pixels, int width, int height, int channels, ReadOnlySpan<byte> hole, long seed, CancellationToken cancellationToken = default)
    {
        if (channels is not (3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "3 (RGB) or 4 (RGBA)");
        }

        if (pixels.Length != checked(width * height * channels) || hole.Length != width * height)
        {
            throw new ArgumentException($"expected {width}x{height} pixels of {channels} channels and a hole of {width * height} bytes");
        }

        // The hole's bounding box, and whether anything lies outside it.
        int x0 = width, y0 = height, x1 = -1, y1 = -1, holes = 0;
        for (var y = 0; y < height; y++)
        {
            var row = hole.Slice(y * width, width);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first < 0)
            {
                continue;
            }

            var last = row.LastIndexOfAnyExcept((byte)0);
            (x0, x1, y0, y1) = (Math.Min(x0, first), Math.Max(x1, last), Math.Min(y0, y), y);
            holes += width - row.Count((byte)0);
        }

        if (holes == 0 || holes == width * height)
        {
            return holes == 0;
        }

        // The work area: the box with a margin of its own size (at least a few patches), within the picture.
        var margin = Math.Max(Math.Max(x1 - x0 + 1, y1 - y0 + 1), 4 * Side);
        var (cx0, cy0) = (Math.Max(0, x0 - margin), Math.Max(0, y0 - margin));
        var (cx1, cy1) = (Math.Min(width - 1, x1 + margin), Math.Min(height - 1, y1 + margin));
        var finest = Level.Crop(pixels, width, channels, hole, cx0, cy0, cx1 - cx0 + 1, cy1 - cy0 + 1);
        if (finest.Known == 0)
        {
            // All the known pixels lie outside the margin: work on the whole picture.
            finest = Level.Crop(pixels, width, channels, hole, 0, 0, width, height);
            (cx0, cy0) = (0, 0);
        }

        Solve(finest, seed, cancellationToken);

        // Back into the picture: the hole's pixels only.
        for (var y = 0; y < finest.H; y++)
        {
            for (var x = 0; x < finest.W; x++)
            {
                var i = (y * finest.W) + x;
                if (!finest.Hole[i])
                {
                    continue;
                }

                var o = (((cy0 + y) * width) + cx0 + x) * channels;
                pixels[o] = finest.Values[C * i];
                pixels[o + 1] = finest.Values[(C * i) + 1];
                pixels[o + 2] = finest.Values[(C * i) + 2];
                if (channels == 4)
                {
                    pixels[o + 3] = 255;
                }
            }
        }

        return true;
    }

    /// <summary>Fills <paramref name="finest"/>'s hole: the pyramid, the coarsest start, search and vote per level, synthesis.</summary>
    private static void Solve(Level finest, long seed, CancellationToken cancellationToken)
    {
        // Halve while the hole is wider than a patch and the coarser level keeps enough patches to copy from. The texture
        // features average over the area that one pixel of the coarsest level covers.
        var thickness = finest.Thickness();
        var window = 1;
        for (var t = thickness; t > Side - 1; t = (t + 1) / 2)
        {
            window *= 2;
        }

        finest.AddFeatures(window);
        var levels = new System.Collections.Generic.List<Level> { finest };
        while (thickness > Side - 1 && Math.Min(levels[^1].W, levels[^1].H) >= 4 * Side)
        {
            var coarser = levels[^1].Half();
            if (coarser.Sources.Length < MinSources)
            {
                break;
            }

            levels.Add(coarser);
            thickness = (thickness + 1) / 2;
        }

        var random = new Random64(seed);
        Level? previous = null;
        for (var k = levels.Count - 1; k >= 0; k--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var level = levels[k];
            level.PrepareTargets();
            if (previous is null || level.Sources.Length == 0)
            {
                level.PeelInwards(ref random);
                if (level.Sources.Length == 0)
                {
                    continue; // nothing lies wholly outside the hole (a tiny picture): the border grown inwards is all
                }
            }
            else
            {
                level.Upsample(previous, ref random);
                level.Costs();
                level.Vote();
            }

            // More rounds where they are cheap (the coarsest level decides the layout); none at the finest, where the
            // synthesis takes over, nor where there are too many targets to search.
            var rounds = level.Targets.Length > MaxSearchedTargets ? 0 : k == levels.Count - 1 ? 6 : k == 0 ? 0 : Math.Min(2 + k, 5);
            for (var round = 0; round < rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                level.Costs();
                level.Search(ref random, forward: true);
                level.Search(ref random, forward: false);
                level.Vote();
            }

            if (k == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                level.Synthesize(ref random);
            }

            previous = level;
        }
    }

    /// <summary>A small deterministic generator (xorshift64*), seeded through splitmix64.</summary>
    private struct Random64
    {
        private ulong _state;

        public Random64(long seed)
        {
            var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            _state = (z ^ (z >> 31)) | 1;
        }

        /// <summary>A number in [0, n).</summary>
        public int Next(int n)
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            var value = unchecked(_state * 0x2545F4914F6CDD1DUL) >> 32;
            return (int)((value * (ulong)n) >> 32);
        }
    }

    /// <summary>One level of the pyramid: its pixels, its hole, and the matches of the patches over the hole.</summary>
    private sealed class Level
    {
        private Level(int w, int h)
        {
            (W, H) = (w, h);
            Values = new byte[w * h * C];
            Hole = new bool[w * h];
        }

        public int W { get; }

        public int H { get; }

        /// <summary><see cref="C"/> values a pixel: red, green, blue, then the texture features.</summary>
        public byte[] Values { get; }

        /// <summary>The pixels to fill.</summary>
        public bool[] Hole { get; }

        /// <summary>How many pixels are not in the hole.</summary>
        public int Known { get; private set; }

        /// <summary>The centres of the patches that lie wholly inside the level and outside the hole: what can be copied.</summary>
        public int[] Sources { get; private set; } = [];

        /// <summary>The centres of the patches that overlap the hole, row by row.</summary>
        public int[] Targets { get; private set; } = [];

        /// <summary>Per pixel, whether it is the centre of a source patch.</summary>
        private bool[] _isSource = [];

        /// <summary>Per pixel, the source centre matched to the target patch centred there; -1 where no target is.</summary>
        private int[] _match = [];

        /// <summary>Per pixel, the sum of squared differences of its target patch to its match.</summary>
        private int[] _cost = [];

        /// <summary>Per pixel, the weight of its target patch's vote.</summary>
        private float[] _weight = [];

        /// <summary>The hole's box within the level.</summary>
        private (int X0, int Y0, int X1, int Y1) _holeBox;

        /// <summary>
        /// The area (<paramref name="x"/>, <paramref name="y"/>, <paramref name="w"/>, <paramref name="h"/>) of the picture
        /// as a level, without its texture features yet (<see cref="AddFeatures"/>).
        /// </summary>
        public static Level Crop(ReadOnlySpan<byte> pixels, int width, int channels, ReadOnlySpan<byte> hole, int x, int y, int w, int h)
        {
            var level = new Level(w, h);
            for (var row = 0; row < h; row++)
            {
                for (var column = 0; column < w; column++)
                {
                    var i = (row * w) + column;
                    var source = ((y + row) * width) + x + column;
                    if (hole[source] != 0)
                    {
                        level.Hole[i] = true;
                        continue;
                    }

                    pixels.Slice(source * channels, 3).CopyTo(level.Values.AsSpan(C * i, 3));
                }
            }

            level.Index();
            return level;
        }

        /// <summary>
        /// The texture features of the known pixels: the mean absolute horizontal and vertical gradient of the grey level
        /// over a <paramref name="window"/>-wide square around each (known gradients only). Hole pixels get theirs filled
        /// like their colours.
        /// </summary>
        public void AddFeatures(int window)
        {
            var (gx, gy, n) = (new int[(W + 1) * (H + 1)], new int[(W + 1) * (H + 1)], new int[(W + 1) * (H + 1)]);
            for (var y = 0; y < H; y++)
            {
                int rowX = 0, rowY = 0, rowN = 0;
                for (var x = 0; x < W; x++)
                {
                    var i = (y * W) + x;
                    if (x > 0 && x < W - 1 && y > 0 && y < H - 1 && !Hole[i - 1] && !Hole[i + 1] && !Hole[i - W] && !Hole[i + W])
                    {
                        rowX += Math.Abs(Grey(i + 1) - Grey(i - 1));
                        rowY += Math.Abs(Grey(i + W) - Grey(i - W));
                        rowN++;
                    }

                    var o = ((y + 1) * (W + 1)) + x + 1;
                    (gx[o], gy[o], n[o]) = (gx[o - W - 1] + rowX, gy[o - W - 1] + rowY, n[o - W - 1] + rowN);
                }
            }

            var half = window / 2;
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var i = (y * W) + x;
                    if (Hole[i])
                    {
                        continue;
                    }

                    var (ax, ay, bx, by) = (Math.Max(0, x - half), Math.Max(0, y - half), Math.Min(W, x + half + 1), Math.Min(H, y + half + 1));
                    int Sum(int[] t) => t[(by * (W + 1)) + bx] - t[(ay * (W + 1)) + bx] - t[(by * (W + 1)) + ax] + t[(ay * (W + 1)) + ax];
                    var count = Math.Max(1, Sum(n));
                    Values[(C * i) + 3] = (byte)Math.Min(255, FeatureGain * Sum(gx) / (2 * count));
                    Values[(C * i) + 4] = (byte)Math.Min(255, FeatureGain * Sum(gy) / (2 * count));
                }
            }
        }

        private int Grey(int i) => (Values[C * i] + (2 * Values[(C * i) + 1]) + Values[(C * i) + 2]) >> 2;

        /// <summary>The level at half the size: a pixel is in the hole when any of its four is; known pixels are their mean.</summary>
        public Level Half()
        {
            var half = new Level((W + 1) / 2, (H + 1) / 2);
            Span<int> sum = stackalloc int[C];
            for (var y = 0; y < half.H; y++)
            {
                for (var x = 0; x < half.W; x++)
                {
                    sum.Clear();
                    var inHole = false;
                    for (var dy = 0; dy < 2; dy++)
                    {
                        for (var dx = 0; dx < 2; dx++)
                        {
                            var i = (Math.Min(H - 1, (2 * y) + dy) * W) + Math.Min(W - 1, (2 * x) + dx);
                            inHole |= Hole[i];
                            for (var c = 0; c < C; c++)
                            {
                                sum[c] += Values[(C * i) + c];
                            }
                        }
                    }

                    var o = (y * half.W) + x;
                    half.Hole[o] = inHole;
                    if (!inHole)
                    {
                        for (var c = 0; c < C; c++)
                        {
                            half.Values[(C * o) + c] = (byte)((sum[c] + 2) / 4);
                        }
                    }
                }
            }

            half.Index();
            return half;
        }

        /// <summary>The largest distance (city block) from a hole pixel to the nearest known one, in two passes.</summary>
        public int Thickness()
        {
            var distance = new int[W * H];
            const int Far = int.MaxValue / 2;
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var i = (y * W) + x;
                    distance[i] = !Hole[i] ? 0 : Math.Min(Far, Math.Min(x > 0 ? distance[i - 1] + 1 : Far, y > 0 ? distance[i - W] + 1 : Far));
                }
            }

            var most = 0;
            for (var y = H - 1; y >= 0; y--)
            {
                for (var x = W - 1; x >= 0; x--)
                {
                    var i = (y * W) + x;
                    distance[i] = Math.Min(distance[i], Math.Min(x < W - 1 ? distance[i + 1] + 1 : Far, y < H - 1 ? distance[i + W] + 1 : Far));
                    most = Math.Max(most, distance[i] >= Far ? 0 : distance[i]);
                }
            }

            return most;
        }

        /// <summary>
        /// Finds the sources (patches wholly inside and outside the hole), the hole's box and the known pixels, from the count
        /// of hole pixels in each patch (a summed-area table).
        /// </summary>
        private void Index()
        {
            var sums = HoleSums();
            _isSource = new bool[W * H];
            var sources = new System.Collections.Generic.List<int>();
            for (var y = R; y < H - R; y++)
            {
                for (var x = R; x < W - R; x++)
                {
                    if (HolesAround(sums, x, y) == 0)
                    {
                        _isSource[(y * W) + x] = true;
                        sources.Add((y * W) + x);
                    }
                }
            }

            Sources = sources.ToArray();
            int x0 = W, y0 = H, x1 = -1, y1 = -1, known = 0;
            for (var i = 0; i < Hole.Length; i++)
            {
                if (!Hole[i])
                {
                    known++;
                    continue;
                }

                var (x, y) = (i % W, i / W);
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
            }

            (Known, _holeBox) = (known, (x0, y0, x1, y1));
        }

        /// <summary>The targets: every pixel with a hole pixel within <see cref="R"/> (its patch overlaps the hole).</summary>
        public void PrepareTargets()
        {
            var sums = HoleSums();
            var targets = new System.Collections.Generic.List<int>();
            var (bx0, by0, bx1, by1) = _holeBox;
            for (var y = Math.Max(0, by0 - R); y <= Math.Min(H - 1, by1 + R); y++)
            {
                for (var x = Math.Max(0, bx0 - R); x <= Math.Min(W - 1, bx1 + R); x++)
                {
                    if (HolesAround(sums, x, y) > 0)
                    {
                        targets.Add((y * W) + x);
                    }
                }
            }

            Targets = targets.ToArray();
            _match = new int[W * H];
            Array.Fill(_match, -1);
            _cost = new int[W * H];
            _weight = new float[W * H];
        }

        /// <summary>
        /// The start at the coarsest level: the hole filled ring by ring from its border inwards. Each pixel copies the centre
        /// of the source patch most like the filled pixels around it (the known ones and the rings before), which becomes its
        /// match; with no source at all, it takes the mean of its filled neighbours. The other targets match at random.
        /// </summary>
        public void PeelInwards(ref Random64 random)
        {
            var filled = new bool[W * H];
            var pending = new System.Collections.Generic.List<int>();
            var ring = new System.Collections.Generic.List<int>();
            for (var i = 0; i < Hole.Length; i++)
            {
                filled[i] = !Hole[i];
                if (Hole[i])
                {
                    pending.Add(i);
                }
            }

            var exhaustive = (long)Sources.Length * pending.Count <= MaxExhaustivePairs;
            while (pending.Count > 0)
            {
                ring.Clear();
                foreach (var i in pending)
                {
                    if (HasFilledNeighbour(filled, i))
                    {
                        ring.Add(i);
                    }
                }

                if (ring.Count == 0)
                {
                    return; // no known pixel anywhere: nothing to grow from
                }

                // A pixel of this ring filled before another in the scan counts as filled for it: a fixed order.
                foreach (var p in ring)
                {
                    if (Sources.Length == 0)
                    {
                        MeanOfNeighbours(filled, p);
                    }
                    else
                    {
                        var s = BestPartialMatch(filled, p, exhaustive, ref random);
                        Values.AsSpan(C * s, C).CopyTo(Values.AsSpan(C * p, C));
                        _match[p] = s;
                    }

                    filled[p] = true;
                }

                pending.RemoveAll(i => filled[i]);
            }

            if (Sources.Length > 0)
            {
                foreach (var t in Targets)
                {
                    if (_match[t] < 0)
                    {
                        _match[t] = Sources[random.Next(Sources.Length)];
                    }
                }
            }
        }

        private bool HasFilledNeighbour(bool[] filled, int i)
        {
            var (x, y) = (i % W, i / W);
            for (var ny = Math.Max(0, y - 1); ny <= Math.Min(H - 1, y + 1); ny++)
            {
                for (var nx = Math.Max(0, x - 1); nx <= Math.Min(W - 1, x + 1); nx++)
                {
                    if (filled[(ny * W) + nx])
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private void MeanOfNeighbours(bool[] filled, int p)
        {
            var (x, y) = (p % W, p / W);
            Span<int> sum = stackalloc int[C];
            var n = 0;
            for (var ny = Math.Max(0, y - 1); ny <= Math.Min(H - 1, y + 1); ny++)
            {
                for (var nx = Math.Max(0, x - 1); nx <= Math.Min(W - 1, x + 1); nx++)
                {
                    var j = (ny * W) + nx;
                    if (filled[j])
                    {
                        for (var c = 0; c < C; c++)
                        {
                            sum[c] += Values[(C * j) + c];
                        }

                        n++;
                    }
                }
            }

            for (var c = 0; c < C; c++)
            {
                Values[(C * p) + c] = (byte)(sum[c] / n);
            }
        }

        /// <summary>
        /// The source patch most like the filled pixels of the patch around <paramref name="p"/> (mean squared difference over
        /// those pixels): every source when there are few, else the filled neighbours' matches moved by one, random sources
        /// and a search around the best in halving windows.
        /// </summary>
        private int BestPartialMatch(bool[] filled, int p, bool exhaustive, ref Random64 random)
        {
            var (best, bestSum, bestCount) = (-1, 0L, 0);
            if (exhaustive)
            {
                foreach (var s in Sources)
                {
                    ConsiderPartial(filled, p, s, ref best, ref bestSum, ref bestCount);
                }

                return best;
            }

            var (x, y) = (p % W, p / W);
            for (var ny = Math.Max(0, y - 1); ny <= Math.Min(H - 1, y + 1); ny++)
            {
                for (var nx = Math.Max(0, x - 1); nx <= Math.Min(W - 1, x + 1); nx++)
                {
                    var q = (ny * W) + nx;
                    if (Hole[q] && filled[q] && _match[q] >= 0)
                    {
                        ConsiderPartial(filled, p, _match[q] + (p - q), ref best, ref bestSum, ref bestCount);
                    }
                }
            }

            for (var n = 0; n < RandomStarts; n++)
            {
                ConsiderPartial(filled, p, Sources[random.Next(Sources.Length)], ref best, ref bestSum, ref bestCount);
            }

            for (var radius = Math.Max(W, H) / 2; radius >= 1; radius /= 2)
            {
                var cx = Math.Clamp((best % W) + random.Next((2 * radius) + 1) - radius, R, W - 1 - R);
                var cy = Math.Clamp((best / W) + random.Next((2 * radius) + 1) - radius, R, H - 1 - R);
                ConsiderPartial(filled, p, (cy * W) + cx, ref best, ref bestSum, ref bestCount);
            }

            return best;
        }

        /// <summary>Keeps source <paramref name="s"/> when its mean squared difference over the filled pixels around <paramref name="p"/> is the least so far.</summary>
        private void ConsiderPartial(bool[] filled, int p, int s, ref int best, ref long bestSum, ref int bestCount)
        {
            if ((uint)s >= (uint)_isSource.Length || !_isSource[s])
            {
                return;
            }

            var (x, y) = (p % W, p / W);
            var sum = 0L;
            var count = 0;
            for (var dy = -R; dy <= R; dy++)
            {
                var ny = y + dy;
                if (ny < 0 || ny >= H)
                {
                    continue;
                }

                for (var dx = -R; dx <= R; dx++)
                {
                    var nx = x + dx;
                    var q = (ny * W) + nx;
                    if (nx < 0 || nx >= W || !filled[q])
                    {
                        continue;
                    }

                    var (a, b) = (C * q, C * (s + (dy * W) + dx));
                    for (var c = 0; c < C; c++)
                    {
                        var d = Values[a + c] - Values[b + c];
                        sum += d * d;
                    }

                    count++;
                }
            }

            if (count > 0 && (best < 0 || (sum * bestCount) < (bestSum * count)))
            {
                (best, bestSum, bestCount) = (s, sum, count);
            }
        }

        /// <summary>
        /// Texture synthesis over the finest level's estimate: ring by ring from the hole's border inwards, each hole pixel
        /// copies the centre of the source patch most like its surroundings, where the pixels already settled (known, or
        /// copied before it) weigh <see cref="SettledWeight"/> times as much as the estimate under the rest. Copying pixels
        /// instead of averaging them keeps a fine random texture sharp, and the settled pixels let it grow in from the
        /// border. Candidates: the pixel's match from the search, its settled neighbours' sources moved by one (which copies
        /// coherent pieces), random sources near it, and a search around the best in halving windows.
        /// </summary>
        public void Synthesize(ref Random64 random)
        {
            var settled = new bool[W * H];
            for (var i = 0; i < settled.Length; i++)
            {
                settled[i] = !Hole[i];
            }

            var weights = new uint[PatchValues];
            var window = Math.Max(1, Math.Max(W, H) / 4);
            foreach (var p in RingOrder())
            {
                var (x, y) = (p % W, p / W);
                var cost = new SettledCost(this, p, settled, weights);
                cost.Try(_match[p]);
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(H - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(W - 1, x + 1); nx++)
                    {
                        var q = (ny * W) + nx;
                        if (Hole[q] && settled[q])
                        {
                            cost.Try(_match[q] + (p - q));
                        }
                    }
                }

                for (var n = 0; n < NearbyTries; n++)
                {
                    var cx = Math.Clamp(x + random.Next((2 * window) + 1) - window, R, W - 1 - R);
                    var cy = Math.Clamp(y + random.Next((2 * window) + 1) - window, R, H - 1 - R);
                    cost.Try((cy * W) + cx);
                }

                while (cost.Best < 0)
                {
                    cost.Try(Sources[random.Next(Sources.Length)]);
                }

                for (var radius = window; radius >= 1; radius /= 2)
                {
                    var cx = Math.Clamp((cost.Best % W) + random.Next((2 * radius) + 1) - radius, R, W - 1 - R);
                    var cy = Math.Clamp((cost.Best / W) + random.Next((2 * radius) + 1) - radius, R, H - 1 - R);
                    cost.Try((cy * W) + cx);
                }

                Values.AsSpan(C * cost.Best, C).CopyTo(Values.AsSpan(C * p, C));
                _match[p] = cost.Best;
                settled[p] = true;
            }
        }

        /// <summary>
        /// The best source so far for one pixel of <see cref="Synthesize"/>: the patch around it compared with settled pixels
        /// weighing <see cref="SettledWeight"/>, the others 1, and those beyond the level 0.
        /// </summary>
        private ref struct SettledCost
        {
            private readonly Level _level;
            private readonly int _p;
            private readonly Span<uint> _weights;

            public SettledCost(Level level, int p, bool[] settled, Span<uint> weights)
            {
                (_level, _p) = (level, p);
                _weights = weights;
                (Best, Cost) = (-1, int.MaxValue);
                var (x, y) = (p % level.W, p / level.W);
                for (var dy = -R; dy <= R; dy++)
                {
                    for (var dx = -R; dx <= R; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        var w = nx < 0 || ny < 0 || nx >= level.W || ny >= level.H ? 0u : settled[(ny * level.W) + nx] ? (uint)SettledWeight : 1u;
                        weights.Slice((((dy + R) * Side) + dx + R) * C, C).Fill(w);
                    }
                }
            }

            public int Best { get; private set; }

            public int Cost { get; private set; }

            /// <summary>Tries source <paramref name="s"/>; keeps it when it costs less.</summary>
            public void Try(int s)
            {
                if ((uint)s >= (uint)_level._isSource.Length || !_level._isSource[s] || s == Best)
                {
                    return;
                }

                var d = _level.WeightedDistance(_p, s, _weights, Cost);
                if (d < Cost)
                {
                    (Best, Cost) = (s, d);
                }
            }
        }

        /// <summary>
        /// The weighted sum of squared differences between the patch around <paramref name="p"/> (rows and columns beyond
        /// the level repeat its edge) and the source patch around <paramref name="s"/> (always inside); stops once it
        /// reaches <paramref name="limit"/>.
        /// </summary>
        private int WeightedDistance(int p, int s, ReadOnlySpan<uint> weights, int limit)
        {
            var (x, y) = (p % W, p / W);
            var (sx, sy) = (s % W, s / W);
            var values = Values.AsSpan();
            var sum = 0;
            for (var dy = -R; dy <= R; dy++)
            {
                var b = values.Slice(C * ((((sy + dy) * W) + sx) - R), C * Side);
                var w = weights.Slice((dy + R) * C * Side, C * Side);
                var ny = Math.Clamp(y + dy, 0, H - 1);
                if (x >= R && x < W - R)
                {
                    sum += WeightedRowDistance(values.Slice(C * (((ny * W) + x) - R), C * Side), b, w);
                }
                else
                {
                    for (var k = 0; k < C * Side; k++)
                    {
                        var d = values[(C * ((ny * W) + Math.Clamp(x + (k / C) - R, 0, W - 1))) + (k % C)] - b[k];
                        sum += (int)w[k] * d * d;
                    }
                }

                if (sum >= limit)
                {
                    return sum;
                }
            }

            return sum;
        }

        /// <summary>The weighted sum of squared differences of two rows of a patch, 16 bytes at a time where the hardware can.</summary>
        private static int WeightedRowDistance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<uint> w)
        {
            var k = 0;
            var sum = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                var total = Vector128<uint>.Zero;
                for (; k + 16 <= a.Length; k += 16)
                {
                    var (va, vb) = (Vector128.Create(a.Slice(k, 16)), Vector128.Create(b.Slice(k, 16)));
                    var (low, high) = Vector128.Widen(Vector128.Max(va, vb) - Vector128.Min(va, vb));
                    var (l1, l2) = Vector128.Widen(low * low);
                    var (h1, h2) = Vector128.Widen(high * high);
                    total += (l1 * Vector128.Create(w.Slice(k, 4))) + (l2 * Vector128.Create(w.Slice(k + 4, 4)))
                        + (h1 * Vector128.Create(w.Slice(k + 8, 4))) + (h2 * Vector128.Create(w.Slice(k + 12, 4)));
                }

                sum = (int)Vector128.Sum(total);
            }

            for (; k < a.Length; k++)
            {
                var d = a[k] - b[k];
                sum += (int)w[k] * d * d;
            }

            return sum;
        }

        /// <summary>The hole's pixels from its border inwards (a breadth-first walk from the known pixels; a fixed order).</summary>
        private int[] RingOrder()
        {
            var order = new int[Hole.Length - Known];
            var seen = new bool[W * H];
            var (head, tail) = (0, 0);
            for (var i = 0; i < Hole.Length; i++)
            {
                seen[i] = !Hole[i];
            }

            for (var i = 0; i < Hole.Length; i++)
            {
                if (Hole[i] && HasFilledNeighbour(seen, i))
                {
                    order[tail++] = i;
                }
            }

            for (var k = 0; k < tail; k++)
            {
                seen[order[k]] = true;
            }

            while (head < tail)
            {
                var p = order[head++];
                var (x, y) = (p % W, p / W);
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(H - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(W - 1, x + 1); nx++)
                    {
                        var q = (ny * W) + nx;
                        if (!seen[q])
                        {
                            seen[q] = true;
                            order[tail++] = q;
                        }
                    }
                }
            }

            return order.AsSpan(0, tail).ToArray();
        }

        /// <summary>The matches of the level below, doubled: a target takes its parent's source, moved by its place among the four.</summary>
        public void Upsample(Level coarse, ref Random64 random)
        {
            foreach (var t in Targets)
            {
                var (x, y) = (t % W, t / W);
                var parent = coarse._match[(Math.Min(coarse.H - 1, y / 2) * coarse.W) + Math.Min(coarse.W - 1, x / 2)];
                var s = -1;
                if (parent >= 0)
                {
                    var sx = Math.Clamp((2 * (parent % coarse.W)) + (x & 1), R, W - 1 - R);
                    var sy = Math.Clamp((2 * (parent / coarse.W)) + (y & 1), R, H - 1 - R);
                    s = (sy * W) + sx;
                }

                _match[t] = s >= 0 && _isSource[s] ? s : Sources[random.Next(Sources.Length)];
            }
        }

        /// <summary>The cost of every target's match, after the hole's pixels changed.</summary>
        public void Costs()
        {
            foreach (var t in Targets)
            {
                _cost[t] = Distance(t, _match[t], int.MaxValue);
            }
        }

        /// <summary>
        /// One PatchMatch pass over the targets, forward (from the top left; tries the matches of the left and upper
        /// neighbours, moved by one) or backward (right and lower), then a random search around the best in halving windows.
        /// </summary>
        public void Search(ref Random64 random, bool forward)
        {
            var step = forward ? 1 : -1;
            var window = Math.Max(W, H);
            for (var n = 0; n < Targets.Length; n++)
            {
                var t = Targets[forward ? n : Targets.Length - 1 - n];
                var (x, y) = (t % W, t / W);
                var best = _match[t];
                var cost = _cost[t];

                // Propagation: the neighbour's source, shifted as the neighbour is.
                if (x - step >= 0 && x - step < W && _match[t - step] is var beside and >= 0)
                {
                    Try(t, beside + step, ref best, ref cost);
                }

                if (y - step >= 0 && y - step < H && _match[t - (step * W)] is var above and >= 0)
                {
                    Try(t, above + (step * W), ref best, ref cost);
                }

                // Random search around the best so far, in windows halving from the whole level.
                for (var radius = window; radius >= 1; radius /= 2)
                {
                    var cx = Math.Clamp((best % W) + random.Next((2 * radius) + 1) - radius, R, W - 1 - R);
                    var cy = Math.Clamp((best / W) + random.Next((2 * radius) + 1) - radius, R, H - 1 - R);
                    Try(t, (cy * W) + cx, ref best, ref cost);
                }

                (_match[t], _cost[t]) = (best, cost);
            }
        }

        /// <summary>
        /// Every hole pixel becomes the weighted mean of the values the patches over it copy. A match's weight falls with its
        /// cost, on the scale of the level's typical cost (the 75th percentile), so poor matches barely blur good ones. The
        /// costs must be current (<see cref="Costs"/> or <see cref="Search"/>). Sources lie outside the hole, so the votes
        /// read known pixels only and the order of the pixels does not matter.
        /// </summary>
        public void Vote()
        {
            var costs = new int[Targets.Length];
            for (var n = 0; n < Targets.Length; n++)
            {
                costs[n] = _cost[Targets[n]];
            }

            Array.Sort(costs);
            var scale = VoteSpread * Math.Max(1.0, costs[(costs.Length * 3) / 4] / (double)PatchValues);
            foreach (var t in Targets)
            {
                _weight[t] = (float)Math.Exp(-(_cost[t] / (double)PatchValues) / scale);
            }

            Span<float> sum = stackalloc float[C];
            var (x0, y0, x1, y1) = _holeBox;
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var p = (y * W) + x;
                    if (!Hole[p])
                    {
                        continue;
                    }

                    sum.Clear();
                    var total = 0f;
                    for (var dy = Math.Max(-R, y - H + 1); dy <= Math.Min(R, y); dy++)
                    {
                        for (var dx = Math.Max(-R, x - W + 1); dx <= Math.Min(R, x); dx++)
                        {
                            // The target centred at p - (dx, dy) copies, at p, its source centre plus (dx, dy).
                            var t = ((y - dy) * W) + x - dx;
                            if (_match[t] is not (var s and >= 0))
                            {
                                continue;
                            }

                            var (j, w) = (C * (s + (dy * W) + dx), _weight[t]);
                            for (var c = 0; c < C; c++)
                            {
                                sum[c] += w * Values[j + c];
                            }

                            total += w;
                        }
                    }

                    for (var c = 0; total > 0 && c < C; c++)
                    {
                        Values[(C * p) + c] = (byte)((sum[c] / total) + 0.5f);
                    }
                }
            }
        }

        /// <summary>Tries source <paramref name="s"/> for target <paramref name="t"/>; keeps it when it costs less.</summary>
        private void Try(int t, int s, ref int best, ref int cost)
        {
            if ((uint)s >= (uint)_isSource.Length || !_isSource[s] || s == best)
            {
                return;
            }

            var d = Distance(t, s, cost);
            if (d < cost)
            {
                (best, cost) = (s, d);
            }
        }

        /// <summary>
        /// The sum of squared differences between the patch centred on target <paramref name="t"/> (rows and columns beyond
        /// the level repeat its edge) and the source patch centred on <paramref name="s"/> (always inside), stopping once it
        /// reaches <paramref name="limit"/>.
        /// </summary>
        private int Distance(int t, int s, int limit) => WeightedDistance(t, s, s_unweighted, limit);

        /// <summary>A summed-area table of the hole, (W + 1) x (H + 1).</summary>
        private int[] HoleSums()
        {
            var sums = new int[(W + 1) * (H + 1)];
            for (var y = 0; y < H; y++)
            {
                var rowSum = 0;
                for (var x = 0; x < W; x++)
                {
                    rowSum += Hole[(y * W) + x] ? 1 : 0;
                    sums[((y + 1) * (W + 1)) + x + 1] = sums[(y * (W + 1)) + x + 1] + rowSum;
                }
            }

            return sums;
        }

        /// <summary>The hole pixels in the patch centred on (<paramref name="x"/>, <paramref name="y"/>), clipped to the level.</summary>
        private int HolesAround(int[] sums, int x, int y)
        {
            var (ax, ay) = (Math.Max(0, x - R), Math.Max(0, y - R));
            var (bx, by) = (Math.Min(W, x + R + 1), Math.Min(H, y + R + 1));
            return sums[(by * (W + 1)) + bx] - sums[(ay * (W + 1)) + bx] - sums[(by * (W + 1)) + ax] + sums[(ay * (W + 1)) + ax];
        }
    }
}
