// Hangfire keeps some configuration in static state; service hosts on different databases must not start
// side by side in one process. Test collections therefore run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
