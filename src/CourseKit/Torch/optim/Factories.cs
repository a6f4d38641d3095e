using CourseKit.Torch.Modules;

namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Adam (Kingma &amp; Ba) with PyTorch's update, bias correction and defaults.</summary>
        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false)
            => new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);

        /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov and weight decay.</summary>
        public static SGD SGD(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
            => new(parameters, learningRate, momentum, dampening, weight_decay, nesterov);

        /// <summary>RMSprop with PyTorch's defaults (alpha 0.99, eps 1e-8).</summary>
        public static RMSProp RMSProp(IEnumerable<Parameter> parameters, double lr = 0.01, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false)
            => new(parameters, lr, alpha, eps, weight_decay, momentum, centered);
    }
}
