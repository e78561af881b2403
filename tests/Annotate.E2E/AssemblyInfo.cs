// The flows share two CPU cores with the app they drive and with Chromium; running them one at a time keeps timing
// (live progress, circuit start) predictable.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
