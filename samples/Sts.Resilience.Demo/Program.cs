using Sts.Resilience.Diagnostics;

Console.WriteLine("Sts.Resilience demo");
Console.WriteLine($"Telemetry: meter '{StsResilienceTelemetry.MeterName}', activity source '{StsResilienceTelemetry.ActivitySourceName}'.");
Console.WriteLine("The end-to-end workload against an embedded LocalSts arrives with the demo issue.");
return 0;
