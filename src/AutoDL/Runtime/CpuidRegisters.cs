namespace AutoDL.Runtime;

/// <summary>What one CPUID leaf and sub-leaf answered.</summary>
internal readonly record struct CpuidRegisters(uint Eax, uint Ebx, uint Ecx, uint Edx);
