namespace BackpropGen;

/// <summary>When <see cref="NetworkTrainer"/> changes the weights.</summary>
public enum TrainingMode
{
    /// <summary>
    /// The paper's sweep: accumulate ∂E/∂w over every case, then change the weights once
    /// (<see cref="INetwork{T}.TrainBatch"/>).
    /// </summary>
    Batch = 0,

    /// <summary>Change the weights after each case (<see cref="INetwork{T}.TrainOnline"/>).</summary>
    Online = 1,
}
