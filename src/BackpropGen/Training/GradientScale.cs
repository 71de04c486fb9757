namespace BackpropGen;

/// <summary>
/// Whether a mini-batch step uses ∂E/∂w summed over its cases or averaged: the paper sums (E = Σ_c E_c), PyTorch's
/// losses average (<c>reduction='mean'</c>). The generated code always sums; <see cref="Mean"/> sets the optimizer's
/// <see cref="Optimizer{T}.GradientScale"/> to 1/B for each batch of B cases.
/// </summary>
public enum GradientScale
{
    /// <summary>g = Σ_c ∂E_c/∂w over the batch (the paper's; the default). A larger batch takes a larger step.</summary>
    Sum = 0,

    /// <summary>g = (1/B) Σ_c ∂E_c/∂w over a batch of B cases (PyTorch's mean losses); the step does not grow with B.</summary>
    Mean = 1,
}
